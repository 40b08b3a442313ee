namespace Sluice.Data.Operators;

/// <summary>A sort key: a column and a direction. Nulls sort after values (before them when descending).</summary>
/// <param name="Column">The column.</param>
/// <param name="Descending">True for descending order. The default is false.</param>
public sealed record SortKey(string Column, bool Descending = false);
