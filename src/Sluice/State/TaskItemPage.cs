namespace Sluice.State;

/// <summary>A page of item rows of a mapped task and how many items the task has in each state (of all its items, not only the page).</summary>
/// <param name="Items">The item rows of the page (map index 0 and up), in item order.</param>
/// <param name="Counts">The number of items per state; states without items are absent.</param>
public sealed record TaskItemPage(IReadOnlyList<TaskInstanceRecord> Items, IReadOnlyDictionary<TaskState, int> Counts);
