namespace Sluice.Distributed;

/// <summary>What <see cref="IWorkTransaction.StopRunWorkAsync"/> found and changed in a run's work.</summary>
/// <param name="AlreadyStopping">True when the run was being cancelled already; nothing was changed.</param>
/// <param name="Running">Leased items, now told to stop (or still stopping when <paramref name="AlreadyStopping"/>).</param>
/// <param name="Removed">Queued items removed from the queue (ready, or waiting for a retry delay).</param>
public sealed record RunWorkStop(bool AlreadyStopping, IReadOnlyList<RunWorkItem> Running, IReadOnlyList<RunWorkItem> Removed);
