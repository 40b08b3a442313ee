namespace Sluice.Data.Features;

/// <summary>The importance of one feature against a target.</summary>
/// <param name="Feature">The feature column.</param>
/// <param name="Score">The score (≥ 0; higher is more related).</param>
/// <param name="Rows">Rows where feature and target were both non-null.</param>
public sealed record FeatureScore(string Feature, double Score, long Rows);
