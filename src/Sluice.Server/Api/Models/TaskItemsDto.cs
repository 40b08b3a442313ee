namespace Sluice.Server.Api.Models;

/// <summary>A page of a <c>for_each</c> task's items, the item count per state, and where the next page starts (null on the last page).</summary>
internal sealed record TaskItemsDto(string RunId, string TaskId, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<TaskItemDto> Items, int? NextAfter);
