namespace Sluice.Data.Quality.Analysis;

/// <summary>The verdict of one gate.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Score">The measured score, or null when nothing measured it.</param>
/// <param name="Passed">True when the score is at least the minimum, or there is no score.</param>
public sealed record GateResult(QualityGate Gate, double? Score, bool Passed);
