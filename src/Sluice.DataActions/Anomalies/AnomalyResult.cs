namespace Sluice.DataActions.Anomalies;

/// <summary>Per row: flagged or not, and its score (NaN when the row has no usable value); plus statistics for the <c>stats</c> output.</summary>
internal sealed record AnomalyResult(bool[] Flags, double[] Scores, Dictionary<string, object?> Stats);
