namespace Sluice.Streaming.Definition;

/// <summary>
/// A per-key sequence pattern: events of a key, taken in event-time order, that satisfy <paramref name="Steps"/> one
/// after the other (other events may come between), the last less than <paramref name="Within"/> after the first. Each
/// match emits one row and the search starts again after its last event (Flink CEP's followedBy with
/// <c>within</c> and skip-past-last-event). "N events matching P" is the sequence of N copies of P.
/// </summary>
/// <param name="Keys">The key columns; empty means one sequence over the whole stream.</param>
/// <param name="Steps">The column expressions of the steps, in order (1 to 64).</param>
/// <param name="Within">The largest distance from the first to the last event of a match is below this, in milliseconds.</param>
/// <param name="Select">Columns of the first or last event added to each match row.</param>
public sealed record PatternSpec(IReadOnlyList<string> Keys, IReadOnlyList<string> Steps, long Within, IReadOnlyList<SideColumn> Select);
