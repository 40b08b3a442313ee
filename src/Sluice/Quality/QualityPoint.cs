namespace Sluice.Quality;

/// <summary>One stored value of a metric.</summary>
/// <param name="RunId">The run.</param>
/// <param name="RecordedAt">When the run recorded it.</param>
/// <param name="Value">The value.</param>
public sealed record QualityPoint(string RunId, DateTimeOffset RecordedAt, double Value);
