using System.Threading.Channels;
using Sluice.Definition;
using Sluice.Scheduling.Storage;
using Sluice.Scheduling.Triggers;

namespace Sluice.Scheduling;

/// <summary>
/// Fires the cron and interval triggers of a set of pipelines on time, durably and exactly once per
/// logical date, by calling a host callback that creates the run.
/// </summary>
/// <remarks>
/// <para><b>Delivery contract.</b> Before calling the callback for a fire, the scheduler records it in the
/// <see cref="IScheduleStore"/> (and moves the trigger's cursor past it) in one transaction; when the
/// callback's task completes successfully the fire is marked delivered. A fire whose callback failed is
/// delivered again after <see cref="SchedulerOptions.RetryDelay"/>; one whose callback had not completed
/// when the process stopped or crashed is delivered again on the next start. So a fire is never skipped
/// and may be delivered more than once: the callback must be idempotent, which it is when it creates the
/// run with <see cref="ScheduledFire.RunId"/> and treats an existing run as success.</para>
/// <para><b>Missed dates.</b> A new trigger starts from the moment it is first seen. After downtime, a
/// trigger with <c>catchup: true</c> fires every missed date, oldest first, as catch-up fires, with at most
/// <see cref="ScheduledTrigger.MaxCatchUpRuns"/> callbacks of that trigger outstanding at once; the next
/// fire (the current, non-catch-up date included, so order is kept) waits until one completes. The host decides what completion means: return when the run finished to bound
/// concurrent catch-up runs, or when it was queued to bound only the hand-off. With <c>catchup: false</c>
/// (the default) only the most recent missed date fires (Airflow semantics) and the others are counted
/// in <see cref="SchedulerMetrics.Skipped"/>.</para>
/// <para><b>Threading.</b> One pump handles timer ticks and callback completions in turn; the callback is
/// invoked on it, so it should return quickly (start the run, then await it if it must).
/// Timers come from <see cref="SchedulerOptions.Time"/>; there is no polling.</para>
/// </remarks>
public sealed partial class Scheduler : IAsyncDisposable
{
    // System timers take at most ~49 days; longer waits are split (the scheduler simply wakes and re-arms).
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(30);

    private readonly IScheduleStore _store;
    private readonly Func<ScheduledFire, CancellationToken, Task> _callback;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly TriggerState[] _triggers;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Delivery> _outstanding = [];
    private TaskCompletionSource _tickDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private Task? _pump;
    private int _ticking;
    private int _state;

    /// <summary>Creates a scheduler for the cron and interval triggers of <paramref name="pipelines"/>.</summary>
    /// <param name="pipelines">Validated definitions; other trigger types are ignored.</param>
    /// <param name="store">Durable state; initialized by <see cref="StartAsync"/> if needed. Not disposed by the scheduler.</param>
    /// <param name="callback">Creates the run for a fire (see the delivery contract in the remarks).</param>
    /// <param name="options">Clock and retry settings; defaults when null.</param>
    /// <exception cref="Diagnostics.SluiceException">A trigger's settings are invalid.</exception>
    public Scheduler(IEnumerable<PipelineDefinition> pipelines, IScheduleStore store, Func<ScheduledFire, CancellationToken, Task> callback, SchedulerOptions? options = null)
        : this((pipelines ?? throw new ArgumentNullException(nameof(pipelines))).SelectMany(TriggerSchedules.FromPipeline), store, callback, options)
    {
    }

    /// <summary>Creates a scheduler for explicit triggers.</summary>
    /// <exception cref="ArgumentException">Two triggers share a pipeline id and index.</exception>
    public Scheduler(IEnumerable<ScheduledTrigger> triggers, IScheduleStore store, Func<ScheduledFire, CancellationToken, Task> callback, SchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _callback = callback ?? throw new ArgumentNullException(nameof(callback));
        _options = options ?? new SchedulerOptions();
        _time = _options.Time;
        _triggers = [.. triggers.Select(static t => new TriggerState(t))];
        Triggers = [.. _triggers.Select(static t => t.Trigger)];
        var duplicate = Triggers.GroupBy(static t => (t.PipelineId, t.TriggerIndex)).FirstOrDefault(static g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Trigger {duplicate.Key.TriggerIndex} of pipeline '{duplicate.Key.PipelineId}' is given more than once.", nameof(triggers));
        }
    }

    /// <summary>The triggers this scheduler fires.</summary>
    public IReadOnlyList<ScheduledTrigger> Triggers { get; }

    /// <summary>
    /// Initializes the store, registers new triggers (they start from now), queues fires left undelivered
    /// by a previous run, and starts firing. Returns without waiting for the first fires.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scheduler was already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The scheduler was already started; create a new one to start again.");
        }
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var byKey = new Dictionary<(string, int), TriggerState>();
        foreach (var state in _triggers)
        {
            var cursor = await _store.RegisterTriggerAsync(state.Trigger.PipelineId, state.Trigger.TriggerIndex, now, cancellationToken).ConfigureAwait(false);
            state.Cursor = cursor.Position;
            byKey[(state.Trigger.PipelineId, state.Trigger.TriggerIndex)] = state;
        }
        foreach (var fire in await _store.GetPendingFiresAsync(cancellationToken).ConfigureAwait(false))
        {
            // Pending fires of triggers no longer defined stay in the store, untouched.
            if (byKey.TryGetValue((fire.PipelineId, fire.TriggerIndex), out var state))
            {
                state.AddRedelivery(fire, now);
            }
        }
        _timer = _time.CreateTimer(static s => ((Scheduler)s!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Wake();
        _pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    /// <summary>
    /// Completes when the scheduler has dispatched everything that is due now and waits for the clock or
    /// for outstanding catch-up callbacks; immediately when it is not running. For tests and status checks.
    /// </summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task tickDone;
            lock (_gate)
            {
                if (Volatile.Read(ref _state) != 1 || IsIdle())
                {
                    return;
                }
                tickDone = _tickDone.Task;
            }
            await tickDone.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops firing: cancels the token passed to callbacks and waits for outstanding callbacks. Fires whose
    /// callback did not complete successfully stay recorded as pending and are delivered on the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pump is not null)
        {
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _timer?.Dispose();
        Task[] running;
        lock (_gate)
        {
            running = [.. _outstanding.Select(static d => d.Task)];
        }
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await ProcessCompletionsAsync(CancellationToken.None).ConfigureAwait(false);
        SignalTickDone();
    }

    /// <summary>Stops the scheduler (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private bool IsIdle() =>
        Volatile.Read(ref _ticking) == 0 && _wake.Reader.Count == 0 && !_outstanding.Exists(static d => d.Task.IsCompleted);

    private void SignalTickDone()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _tickDone;
            _tickDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    private async Task PumpAsync()
    {
        var token = _stop.Token;
        try
        {
            while (await _wake.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                Volatile.Write(ref _ticking, 1);
                _wake.Reader.TryRead(out _);
                try
                {
                    await TickAsync(token).ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    // A store error (disk full, locked file): nothing was lost, since fires are recorded
                    // before delivery; try again later.
                    _options.OnError?.Invoke(e);
                    Arm(_time.GetUtcNow() + _options.RetryDelay);
                }
                finally
                {
                    Volatile.Write(ref _ticking, 0);
                    SignalTickDone();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void Arm(DateTimeOffset? wake)
    {
        if (_timer is null || _stop.IsCancellationRequested)
        {
            return;
        }
        if (wake is not { } at)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var delay = at - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Wake();
            return;
        }
        _timer.Change(delay < MaxTimerDelay ? delay : MaxTimerDelay, Timeout.InfiniteTimeSpan);
    }

    private sealed record Delivery(TriggerState State, ScheduledFire Fire, Task Task);
}
