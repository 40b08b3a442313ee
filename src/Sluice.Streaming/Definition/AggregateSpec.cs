namespace Sluice.Streaming.Definition;

/// <summary>One output column of a window: <paramref name="Name"/> = <paramref name="Kind"/>(<paramref name="Column"/>).</summary>
/// <param name="Name">The output column.</param>
/// <param name="Kind">The function.</param>
/// <param name="Column">The input column, or null for <c>count()</c>.</param>
public sealed record AggregateSpec(string Name, AggregateKind Kind, string? Column);
