namespace Sluice.Data.Anomalies;

/// <summary>
/// One isolation tree as flat node arrays: <paramref name="Feature"/> is the split feature (−1 for a leaf),
/// <paramref name="Value"/> the split threshold (a leaf's path length, depth + c(rows in leaf)), and
/// <paramref name="Left"/> the index of the left child (the right child follows it).
/// </summary>
/// <param name="Feature">Per node, the split feature or −1.</param>
/// <param name="Value">Per node, the threshold or the leaf's path length.</param>
/// <param name="Left">Per node, its left child's index (unused for a leaf).</param>
public sealed record IsolationTreeState(int[] Feature, double[] Value, int[] Left);
