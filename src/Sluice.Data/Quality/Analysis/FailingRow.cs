namespace Sluice.Data.Quality.Analysis;

/// <summary>A sample of a row that fails a row-level check (missing or invalid value).</summary>
/// <param name="Check">The check's text.</param>
/// <param name="Row">The 0-based row number in the input.</param>
/// <param name="Column">The column checked.</param>
/// <param name="Value">The value's text, or null when missing.</param>
public sealed record FailingRow(string Check, long Row, string Column, string? Value);
