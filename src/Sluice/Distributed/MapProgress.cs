namespace Sluice.Distributed;

/// <summary>The counters of a mapped task after <see cref="IWorkTransaction.AdvanceMapAsync"/>.</summary>
/// <param name="ItemsLeft">Items not final yet.</param>
/// <param name="ItemsFailed">Items that failed.</param>
/// <param name="ReleaseFrom">First item index made ready by this call (max_workers throttling).</param>
/// <param name="ReleaseTo">One past the last item index made ready by this call.</param>
/// <param name="ItemCount">All items.</param>
public readonly record struct MapProgress(int ItemsLeft, int ItemsFailed, int ReleaseFrom, int ReleaseTo, int ItemCount);
