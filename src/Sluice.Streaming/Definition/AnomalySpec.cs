namespace Sluice.Streaming.Definition;

/// <summary>
/// Flags a window result that lies more than <paramref name="Sigma"/> standard deviations from the mean of the same
/// key's previous <paramref name="Windows"/> results (3-sigma by default), adding <c>zscore</c> and <c>anomaly</c>.
/// </summary>
/// <param name="Value">The numeric column compared (an aggregate of the window).</param>
/// <param name="Keys">The columns a history is kept per (usually the window's key); empty: one history.</param>
/// <param name="Windows">How many previous windows the mean and deviation are computed over.</param>
/// <param name="MinWindows">Fewer previous windows than this give no flag (zscore null).</param>
/// <param name="Sigma">The threshold in standard deviations.</param>
/// <param name="Alert">Raise an alert for every flagged row through the host's alert path.</param>
public sealed record AnomalySpec(string Value, IReadOnlyList<string> Keys, int Windows, int MinWindows, double Sigma, bool Alert);
