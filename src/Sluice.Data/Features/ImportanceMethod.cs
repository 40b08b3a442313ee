namespace Sluice.Data.Features;

/// <summary>How <see cref="FeatureImportance"/> scores a feature against the target.</summary>
public enum ImportanceMethod
{
    /// <summary>|Pearson r| over rows where both are non-null: |Σ(x − x̄)(y − ȳ)| / √(Σ(x − x̄)² · Σ(y − ȳ)²); 0 when either is constant or n &lt; 2.</summary>
    Correlation,

    /// <summary>
    /// Mutual information in nats, I(X; Y) = Σ p(x, y) · ln(p(x, y) / (p(x) p(y))), with X and Y discretised into
    /// equal-width bins over their [min, max] (<see cref="FeatureImportance.MutualInformationBins"/>); 0 for no rows.
    /// </summary>
    MutualInformation,
}
