namespace Sluice.Data.SchemaValidation;

/// <summary>How the data's columns line up with the schema's.</summary>
/// <param name="Missing">Schema columns absent from the data.</param>
/// <param name="Extra">Data columns the schema does not declare.</param>
/// <param name="Mistyped">Columns whose stored type cannot hold the declared type.</param>
public sealed record CompatibilityReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<ColumnMismatch> Mistyped)
{
    /// <summary>True when no column is missing or mistyped (extra columns are allowed).</summary>
    public bool IsCompatible => Missing.Count == 0 && Mistyped.Count == 0;
}
