namespace Sluice.Scheduling.Leadership;

/// <summary>
/// Leadership for a single scheduler process (the SQLite store, one <c>sluice serve</c>): every attempt to
/// acquire succeeds, and a term ends only when released.
/// </summary>
public sealed class LocalSchedulerLeadership : ISchedulerLeadership
{
    private static readonly CancellationToken Ended = new(canceled: true);
    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;

    /// <inheritdoc />
    public string Description => "single process (no shared lock)";

    /// <inheritdoc />
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    /// <inheritdoc />
    public CancellationToken LeadershipToken
    {
        get
        {
            lock (_gate)
            {
                return _term?.Token ?? Ended;
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _term ??= new CancellationTokenSource();
        }
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            (ended, _term) = (_term, null);
        }
        // Not disposed: holders of the token may still register on it; a cancelled source holds no timer.
        ended?.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);
}
