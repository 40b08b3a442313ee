namespace Sluice.Streaming.Definition;

/// <summary>
/// An output column of a join or a pattern taken from one of the events it combines: the left or right event of a
/// join pair, the first or last event of a pattern match.
/// </summary>
/// <param name="Name">The output column's name.</param>
/// <param name="First">True for the left (join) or first (pattern) event, false for the right or last one.</param>
/// <param name="Column">The input column read from that event.</param>
public sealed record SideColumn(string Name, bool First, string Column);
