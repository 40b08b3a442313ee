namespace Sluice.Data.Quality.Scoring;

/// <summary>Weights of the dimensions in the overall score. Every weight defaults to 1; 0 leaves a dimension out.</summary>
public sealed record QualityWeights
{
    /// <summary>Equal weights.</summary>
    public static QualityWeights Equal { get; } = new();

    /// <summary>Weight of <see cref="QualityDimension.Completeness"/>. The default is 1.</summary>
    public double Completeness { get; init; } = 1;

    /// <summary>Weight of <see cref="QualityDimension.Validity"/>. The default is 1.</summary>
    public double Validity { get; init; } = 1;

    /// <summary>Weight of <see cref="QualityDimension.Uniqueness"/>. The default is 1.</summary>
    public double Uniqueness { get; init; } = 1;

    /// <summary>Weight of <see cref="QualityDimension.Consistency"/>. The default is 1.</summary>
    public double Consistency { get; init; } = 1;

    /// <summary>Weight of <see cref="QualityDimension.Accuracy"/>. The default is 1.</summary>
    public double Accuracy { get; init; } = 1;

    /// <summary>Weight of <see cref="QualityDimension.Timeliness"/>. The default is 1.</summary>
    public double Timeliness { get; init; } = 1;

    /// <summary>The weight of <paramref name="dimension"/>.</summary>
    public double Of(QualityDimension dimension) => dimension switch
    {
        QualityDimension.Completeness => Completeness,
        QualityDimension.Validity => Validity,
        QualityDimension.Uniqueness => Uniqueness,
        QualityDimension.Consistency => Consistency,
        QualityDimension.Accuracy => Accuracy,
        _ => Timeliness,
    };
}
