namespace Sluice.Data.SchemaValidation;

/// <summary>
/// The outcome of validating a data set. <see cref="Errors"/> are rule violations (null in a non-nullable column, a value
/// below min, a date not in its declared format...); <see cref="TypeErrors"/> are values that cannot be read as the declared
/// type at all (<c>'invalid'</c> in a numeric column), counted and listed apart. A cell has at most one of either.
/// </summary>
public sealed record SchemaValidationResult
{
    /// <summary>Rows read.</summary>
    public long RowCount { get; init; }

    /// <summary>Rows with no error.</summary>
    public long ValidRowCount { get; init; }

    /// <summary>Rows with at least one rule or type error.</summary>
    public long InvalidRowCount { get; init; }

    /// <summary>All rule violations (cells).</summary>
    public long ErrorCount { get; init; }

    /// <summary>All type errors (cells).</summary>
    public long TypeErrorCount { get; init; }

    /// <summary>The first rule violations, in row order (capped by <see cref="SchemaValidatorOptions.MaxErrorSamples"/>).</summary>
    public IReadOnlyList<SchemaViolation> Errors { get; init; } = [];

    /// <summary>The first type errors, in row order (capped likewise).</summary>
    public IReadOnlyList<SchemaViolation> TypeErrors { get; init; } = [];

    /// <summary>Broken table rules.</summary>
    public IReadOnlyList<TableViolation> TableErrors { get; init; } = [];

    /// <summary>Missing, extra and mistyped columns.</summary>
    public required CompatibilityReport Compatibility { get; init; }

    /// <summary>True when there is no error of any kind.</summary>
    public bool IsValid => ErrorCount == 0 && TypeErrorCount == 0 && TableErrors.Count == 0;

    /// <summary>Invalid rows / rows, in [0, 1]; 0 when there are no rows.</summary>
    public double ErrorRate => RowCount == 0 ? 0 : (double)InvalidRowCount / RowCount;

    /// <summary>Whether the task passes in <paramref name="mode"/>: strict needs <see cref="IsValid"/>; permissive needs no table error.</summary>
    public bool Passes(ValidationMode mode) => mode == ValidationMode.Strict ? IsValid : TableErrors.Count == 0;
}
