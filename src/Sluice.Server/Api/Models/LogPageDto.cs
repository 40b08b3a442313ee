namespace Sluice.Server.Api.Models;

/// <summary>Log lines after a sequence number; pass <see cref="NextAfter"/> as <c>after</c> to continue.</summary>
internal sealed record LogPageDto(IReadOnlyList<LogLineDto> Lines, long NextAfter);
