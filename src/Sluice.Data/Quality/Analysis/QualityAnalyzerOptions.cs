using Sluice.Data.Quality.Metrics;
using Sluice.Data.Quality.Scoring;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Quality.Analysis;

/// <summary>Options of a <see cref="QualityAnalyzer"/>.</summary>
public sealed record QualityAnalyzerOptions
{
    /// <summary>Gates on the scores. The default is none.</summary>
    public IReadOnlyList<QualityGate> Gates { get; init; } = [];

    /// <summary>Dimension weights of the overall score; null for equal weights.</summary>
    public QualityWeights? Weights { get; init; }

    /// <summary>Clock, reference key sets and expression evaluator for the metrics.</summary>
    public MetricContext? Context { get; init; }

    /// <summary>Failing rows kept per row-level check. The default is 20.</summary>
    public int MaxFailingRowSamples { get; init; } = 20;

    /// <summary>Where every failing row goes (full quarantine), or null for samples only.</summary>
    public IQuarantineSink? Quarantine { get; init; }

    /// <summary>The source name of quarantine records. The default is <c>data</c>.</summary>
    public string SourceName { get; init; } = "data";
}
