namespace Sluice.Scheduling.Leadership;

/// <summary>
/// Decides which of several processes sharing one schedule store runs the scheduler. At most one holds
/// leadership at a time (as far as the backing lock can tell); when the holder dies, another can acquire it.
/// </summary>
/// <remarks>
/// Leadership is noticed as lost only at the implementation's next check, so for a short while a stale
/// leader may still be firing next to the new one. That is safe: the schedule store records each
/// (pipeline, trigger, logical date) once and only the scheduler that recorded a fire delivers it, and runs
/// are created with deterministic ids. Leadership is an efficiency and ordering device, not the guard
/// against duplicates.
/// </remarks>
public interface ISchedulerLeadership : IAsyncDisposable
{
    /// <summary>What backs the leadership, for logs (such as <c>advisory lock 42 on db:5432/sluice</c>).</summary>
    string Description { get; }

    /// <summary>True while this instance holds leadership (until it is released or found lost).</summary>
    bool IsLeader { get; }

    /// <summary>
    /// Cancelled when the current term ends: leadership was released or found lost. Read it after
    /// <see cref="TryAcquireAsync"/> returned true; when not leader it is already cancelled.
    /// </summary>
    CancellationToken LeadershipToken { get; }

    /// <summary>
    /// Tries once, without waiting for the current holder, to become leader. Returns true when this instance
    /// is leader (already or now), false when another holds leadership.
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">The backing store cannot be reached.</exception>
    Task<bool> TryAcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives leadership up so another instance can take it; ends the current term. No effect when not leader.</summary>
    Task ReleaseAsync(CancellationToken cancellationToken = default);
}
