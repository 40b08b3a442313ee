namespace Sluice.Data.SchemaValidation;

/// <summary>A broken table rule (a missing required column, a forbidden column, a row count out of bounds).</summary>
/// <param name="Rule"><c>required_column forbidden_column extra_column min_rows max_rows</c>.</param>
/// <param name="Message">A one-line explanation.</param>
/// <param name="Column">The column the rule is about; null for a row-count rule.</param>
public sealed record TableViolation(string Rule, string Message, string? Column = null);
