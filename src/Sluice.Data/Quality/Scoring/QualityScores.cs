namespace Sluice.Data.Quality.Scoring;

/// <summary>Dimension scores in [0, 1] (null when no check measures the dimension) and their weighted mean.</summary>
/// <param name="Completeness">Completeness, or null.</param>
/// <param name="Validity">Validity, or null.</param>
/// <param name="Uniqueness">Uniqueness, or null.</param>
/// <param name="Consistency">Consistency, or null.</param>
/// <param name="Accuracy">Accuracy, or null.</param>
/// <param name="Timeliness">Timeliness, or null.</param>
/// <param name="Overall">Σ wᵢ·sᵢ / Σ wᵢ over the measured dimensions with wᵢ &gt; 0; null when there are none.</param>
public sealed record QualityScores(
    double? Completeness,
    double? Validity,
    double? Uniqueness,
    double? Consistency,
    double? Accuracy,
    double? Timeliness,
    double? Overall);
