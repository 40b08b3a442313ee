namespace Sluice.Data.Quality.Checks;

/// <summary>The outcome of parsing one check: the check, or every problem found.</summary>
/// <param name="Check">The check; null when there are errors.</param>
/// <param name="Diagnostics">Every error found, in text order.</param>
public sealed record CheckParseResult(QualityCheck? Check, IReadOnlyList<QualityDiagnostic> Diagnostics)
{
    /// <summary>True when the check parsed without errors.</summary>
    public bool Succeeded => Check is not null;
}
