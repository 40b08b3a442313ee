namespace Sluice.Distributed;

/// <summary>The counters of a distributed run after <see cref="IWorkTransaction.AdvanceRunAsync"/>.</summary>
/// <param name="Remaining">Tasks not final yet; zero means the run is over.</param>
/// <param name="Failed">Tasks that ended failed, upstream_failed or cancelled.</param>
public readonly record struct RunProgress(int Remaining, int Failed);
