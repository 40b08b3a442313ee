namespace Sluice.State;

/// <summary>One page of the item rows of a mapped (<c>for_each</c>) task, in item order.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The mapped task.</param>
/// <param name="State">Only items in this state, or null for all.</param>
/// <param name="AfterIndex">Keyset paging: only items with a larger index. The default is -1 (from the first item).</param>
/// <param name="Limit">At most this many items. The default is 100.</param>
public sealed record TaskItemQuery(string RunId, string TaskId, TaskState? State = null, int AfterIndex = -1, int Limit = 100);
