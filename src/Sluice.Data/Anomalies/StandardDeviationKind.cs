namespace Sluice.Data.Anomalies;

/// <summary>Which standard deviation a detector divides by.</summary>
public enum StandardDeviationKind
{
    /// <summary>Population standard deviation: √(Σ(x−μ)²/n), numpy's <c>std(ddof=0)</c>.</summary>
    Population,

    /// <summary>Sample standard deviation: √(Σ(x−x̄)²/(n−1)), pandas' <c>std()</c>. Undefined (no anomalies) when n &lt; 2.</summary>
    Sample,
}
