namespace Sluice.Scheduling.Leadership;

/// <summary>
/// Runs a <see cref="Scheduler"/> only while this process holds scheduler leadership: several processes on
/// one shared schedule store each run one, and exactly one of them fires at a time; when the leader dies
/// another takes over and continues from the durable cursors.
/// </summary>
/// <remarks>
/// Each term gets a fresh scheduler from the factory (a scheduler cannot be restarted). On taking over, the
/// new leader redelivers the fires the old one recorded but did not complete (delivery is idempotent by run
/// id) and then fires from each trigger's cursor; with <c>catchup: true</c> the dates that fell due while no
/// one led are fired too, so none is skipped. When the term ends (leadership lost or this loop stopped) the
/// scheduler is stopped: its callbacks see their token cancelled and their fires stay pending for the next
/// leader.
/// </remarks>
public sealed class LeaderElectedScheduler : IAsyncDisposable
{
    private readonly ISchedulerLeadership _leadership;
    private readonly Func<Scheduler> _createScheduler;
    private readonly LeaderElectionOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private Scheduler? _current;
    private int _terms;
    private int _state;

    /// <summary>Creates the loop; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="leadership">Decides who leads. Not disposed by this object.</param>
    /// <param name="createScheduler">Creates the scheduler of a new term (not started yet).</param>
    /// <param name="options">Retry interval, clock and notifications; defaults when null.</param>
    public LeaderElectedScheduler(ISchedulerLeadership leadership, Func<Scheduler> createScheduler, LeaderElectionOptions? options = null)
    {
        _leadership = leadership ?? throw new ArgumentNullException(nameof(leadership));
        _createScheduler = createScheduler ?? throw new ArgumentNullException(nameof(createScheduler));
        _options = options ?? new LeaderElectionOptions();
    }

    /// <summary>The scheduler of the current term, or null when this instance does not lead.</summary>
    public Scheduler? Current => Volatile.Read(ref _current);

    /// <summary>True while this instance runs the scheduler as leader.</summary>
    public bool IsLeader => Current is not null;

    /// <summary>How many terms this instance has led so far.</summary>
    public int Terms => Volatile.Read(ref _terms);

    /// <summary>Starts competing for leadership in the background; returns at once.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The leader-elected scheduler was already started.");
        }
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the current scheduler if leading, releases leadership, and stops competing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop!.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool acquired;
            try
            {
                acquired = await _leadership.TryAcquireAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _options.OnError?.Invoke(e);
                acquired = false;
            }
            if (acquired)
            {
                await LeadAsync(stop).ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(_options.RetryInterval, _options.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One term: runs a scheduler until leadership ends or the loop stops.</summary>
    private async Task LeadAsync(CancellationToken stop)
    {
        var term = _leadership.LeadershipToken;
        Scheduler? scheduler = null;
        try
        {
            scheduler = _createScheduler();
            await scheduler.StartAsync(stop).ConfigureAwait(false);
            Interlocked.Increment(ref _terms);
            Volatile.Write(ref _current, scheduler);
            _options.OnLeadershipChanged?.Invoke(true);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(term, stop);
            await Task.Delay(Timeout.InfiniteTimeSpan, ended.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            // The scheduler could not be created or started (store unreachable): give leadership up so another may try.
            _options.OnError?.Invoke(e);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            var wasLeading = Interlocked.Exchange(ref _current, null) is not null;
            if (scheduler is not null)
            {
                await scheduler.DisposeAsync().ConfigureAwait(false);
            }
            if (wasLeading)
            {
                _options.OnLeadershipChanged?.Invoke(false);
            }
            if (!term.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            await _leadership.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The lock dies with its session anyway; a failed release only delays the next leader.
            _options.OnError?.Invoke(e);
        }
    }
}
