namespace Sluice.Data.Anomalies;

/// <summary>
/// Everything a fitted <see cref="IsolationForest"/> scores with, as plain arrays, so a host can save a forest and load
/// it again (<see cref="IsolationForest.ToState"/>, <see cref="IsolationForest.FromState"/>): the reloaded forest gives
/// bit-identical scores.
/// </summary>
/// <param name="FeatureCount">Features per row.</param>
/// <param name="SampleSize">ψ, the rows each tree was trained on.</param>
/// <param name="Offset">The decision offset (−0.5, or the contamination quantile of the training scores).</param>
/// <param name="Trees">The trees, each as three arrays over its nodes.</param>
public sealed record IsolationForestState(int FeatureCount, int SampleSize, double Offset, IReadOnlyList<IsolationTreeState> Trees);
