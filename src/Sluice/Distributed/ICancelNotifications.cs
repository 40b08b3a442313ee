namespace Sluice.Distributed;

/// <summary>
/// Optional capability of an <see cref="IWorkStore"/> that reaches workers in other processes: the PostgreSQL
/// store delivers cancel requests with <c>NOTIFY</c>, so workers stop a cancelled run's attempts at once
/// instead of at their next lease check.
/// </summary>
public interface ICancelNotifications
{
    /// <summary>Completes when a run may have been cancelled (a notification) or after <paramref name="timeout"/>.</summary>
    Task WaitForCancelAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
