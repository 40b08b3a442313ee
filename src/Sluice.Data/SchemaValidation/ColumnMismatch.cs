namespace Sluice.Data.SchemaValidation;

/// <summary>A column whose stored type cannot hold the declared type (its non-null values are all type errors).</summary>
/// <param name="Column">The column.</param>
/// <param name="Expected">The declared schema type (<c>integer</c>, <c>date</c>...).</param>
/// <param name="Actual">The data's column type (<c>bool</c>, <c>timestamp</c>...).</param>
public sealed record ColumnMismatch(string Column, string Expected, string Actual);
