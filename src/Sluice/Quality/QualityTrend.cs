namespace Sluice.Quality;

/// <summary>
/// The history of one metric of one (pipeline, task), as in seed 002's quality report: the latest value, the change
/// against the previous run, and the average over the last runs.
/// </summary>
/// <param name="Metric">The metric (<c>overall</c>, <c>completeness</c>, a check's text...).</param>
/// <param name="LatestRunId">The run of the latest value.</param>
/// <param name="Latest">The latest value.</param>
/// <param name="Previous">The value in the run before, or null when this is the first run that measured it.</param>
/// <param name="Average">The mean over the last <paramref name="Count"/> runs (latest included).</param>
/// <param name="Count">How many runs the average covers (at most the window asked for).</param>
public sealed record QualityTrend(string Metric, string LatestRunId, double Latest, double? Previous, double Average, int Count)
{
    /// <summary>Latest − previous, or null when there is no previous run.</summary>
    public double? Change => Previous is { } p ? Latest - p : null;
}
