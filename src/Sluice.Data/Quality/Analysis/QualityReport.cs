using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quality.Scoring;

namespace Sluice.Data.Quality.Analysis;

/// <summary>The outcome of <see cref="QualityAnalyzer"/>: check results, dimension scores, gates, failing-row samples and recommendations.</summary>
public sealed record QualityReport
{
    /// <summary>The score names: <c>overall</c> and the six dimensions.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = ["overall", "completeness", "validity", "uniqueness", "consistency", "accuracy", "timeliness"];

    /// <summary>Rows read.</summary>
    public long Rows { get; init; }

    /// <summary>Each check's metric and verdict, in the order given.</summary>
    public required IReadOnlyList<CheckResult> Results { get; init; }

    /// <summary>Dimension scores and the overall score (formulas in docs/quality-metrics.md).</summary>
    public required QualityScores Scores { get; init; }

    /// <summary>Each gate's verdict.</summary>
    public IReadOnlyList<GateResult> Gates { get; init; } = [];

    /// <summary>Up to <see cref="QualityAnalyzerOptions.MaxFailingRowSamples"/> failing rows per check.</summary>
    public IReadOnlyList<FailingRow> FailingRows { get; init; } = [];

    /// <summary>One plain-English suggestion per problem found.</summary>
    public IReadOnlyList<string> Recommendations { get; init; } = [];

    /// <summary>The strongest action of a failed gate, or null when all gates passed.</summary>
    public GateAction? Verdict => Gates.Where(static g => !g.Passed).Select(static g => (GateAction?)g.Gate.Action).Max();

    /// <summary>The score of <c>overall</c> or a dimension by name, or null.</summary>
    public double? Score(string metric) => metric switch
    {
        "overall" => Scores.Overall,
        "completeness" => Scores.Completeness,
        "validity" => Scores.Validity,
        "uniqueness" => Scores.Uniqueness,
        "consistency" => Scores.Consistency,
        "accuracy" => Scores.Accuracy,
        "timeliness" => Scores.Timeliness,
        _ => null,
    };

    /// <summary>Scores as metric name → value (measured ones only), for history and outputs.</summary>
    public IReadOnlyDictionary<string, double> ScoreMap() =>
        MetricNames.Where(m => Score(m) is not null)
            .ToDictionary(static m => m, m => Score(m)!.Value, StringComparer.Ordinal);
}
