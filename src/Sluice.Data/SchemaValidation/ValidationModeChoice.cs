using System.Globalization;

namespace Sluice.Data.SchemaValidation;

/// <summary>The mode picked for <c>validation_mode: &lt;AUTO&gt;</c>, and why.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Reason">One line for the run log.</param>
public sealed record ValidationModeChoice(ValidationMode Mode, string Reason)
{
    /// <summary>
    /// Picks the mode from the observed error rate (invalid rows / rows; 0 for no rows): at or below
    /// <paramref name="errorThreshold"/> the few bad rows are quarantined (<see cref="ValidationMode.Permissive"/>); above it
    /// the data is systematically wrong and the task must fail (<see cref="ValidationMode.Strict"/>).
    /// </summary>
    /// <param name="errorRate">The observed error rate in [0, 1].</param>
    /// <param name="errorThreshold">The tolerated rate, e.g. <c>context.error_threshold</c> = 0.05.</param>
    public static ValidationModeChoice Choose(double errorRate, double errorThreshold)
    {
        var rate = errorRate.ToString("P2", CultureInfo.InvariantCulture);
        var limit = errorThreshold.ToString("P2", CultureInfo.InvariantCulture);
        return errorRate <= errorThreshold
            ? new ValidationModeChoice(ValidationMode.Permissive, $"permissive: error rate {rate} is within the threshold {limit}, so invalid rows are quarantined")
            : new ValidationModeChoice(ValidationMode.Strict, $"strict: error rate {rate} exceeds the threshold {limit}, so the data is rejected");
    }
}
