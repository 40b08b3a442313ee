namespace Sluice.Lineage;

/// <summary>An input column an output column was computed from, and how (<c>identity</c>, <c>derive: amount * quantity</c>, <c>aggregate: sum</c>, <c>join key</c>…).</summary>
/// <param name="Dataset">The input dataset's identity (as in <see cref="LineageRecord.Dataset"/>).</param>
/// <param name="Column">The input column.</param>
/// <param name="Transformation">What was done to it.</param>
public sealed record ColumnOrigin(string Dataset, string Column, string Transformation);
