namespace Sluice.Data.SchemaValidation;

/// <summary>One cell that breaks the schema.</summary>
/// <param name="Row">The 0-based row number in the whole input (header excluded).</param>
/// <param name="Column">The column.</param>
/// <param name="Value">The value in invariant text form; null when the cell is null.</param>
/// <param name="Rule">The broken rule: <c>nullable min max allowed_values min_length max_length pattern unique format</c>,
/// or <c>type</c> for a value that cannot be read as the declared type.</param>
/// <param name="Message">A one-line explanation quoting the value and the rule.</param>
public sealed record SchemaViolation(long Row, string Column, string? Value, string Rule, string Message);
