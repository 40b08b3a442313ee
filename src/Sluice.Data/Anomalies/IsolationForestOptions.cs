namespace Sluice.Data.Anomalies;

/// <summary>Parameters of an <see cref="IsolationForest"/>, named after scikit-learn's.</summary>
public sealed record IsolationForestOptions
{
    /// <summary>n_estimators: the number of trees. The default is 100.</summary>
    public int EstimatorCount { get; init; } = 100;

    /// <summary>max_samples: rows per tree. The default is <see cref="MaxSamples.Auto"/> (min(256, n)).</summary>
    public MaxSamples MaxSamples { get; init; } = MaxSamples.Auto;

    /// <summary>contamination. The default is <see cref="Contamination.Auto"/> (offset −0.5).</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>
    /// max_features as a fraction in (0, 1]: each tree sees max(1, ⌊f·d⌋) of the d features, drawn without
    /// replacement. The default is 1.0 (all features).
    /// </summary>
    public double MaxFeatures { get; init; } = 1.0;

    /// <summary>bootstrap: draw each tree's rows with replacement. The default is false.</summary>
    public bool Bootstrap { get; init; }

    /// <summary>
    /// random_state. The default is 0. The same seed gives the same forest on every machine and thread count;
    /// Sluice's generator is not numpy's, so agreement with scikit-learn is statistical, not bitwise.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>Threads used to build and score trees; −1 (the default) uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Returns every invalid setting, quoting the bad value; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (EstimatorCount < 1)
        {
            errors.Add($"EstimatorCount (n_estimators) must be at least 1, was {EstimatorCount}.");
        }

        if (!(MaxFeatures > 0 && MaxFeatures <= 1))
        {
            errors.Add($"MaxFeatures must be a fraction in (0, 1], was {MaxFeatures}.");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            errors.Add($"MaxDegreeOfParallelism must be -1 or at least 1, was {MaxDegreeOfParallelism}.");
        }

        return errors;
    }
}
