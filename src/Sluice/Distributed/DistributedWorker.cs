using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Sluice.Stores;
using Sluice.TaskQueue;

namespace Sluice.Distributed;

/// <summary>
/// A worker process's engine (<c>sluice worker</c>, or hosted in any .NET application): claims ready work
/// items from the shared store in batches, runs up to <see cref="WorkerOptions.Capacity"/> at once, renews
/// their leases by heartbeat, and commits each outcome together with the state changes it causes (group
/// commit). Pipeline task items and task-queue jobs are served alike. Many workers, in one process or many,
/// may share a store; a worker that dies loses its leases and its items are retried elsewhere.
/// </summary>
public sealed partial class DistributedWorker
{
    private readonly IWorkStore _work;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly RunContextCache _runs;
    private readonly TaskAttemptRunner _attempts;
    private readonly JobRunner _jobs;
    private readonly ConcurrentDictionary<long, InFlight> _inflight = new();
    private readonly ConcurrentDictionary<string, int> _queueUse = new(StringComparer.Ordinal);
    private readonly Channel<object> _outcomes = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WakeSignal _wake = new();
    private readonly WakeSignal _stopped = new();
    private CancellationToken _abandonToken;
    private int _running;
    private int _leased;
    private long _completed;

    /// <summary>Creates a worker on the work queue and state of <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DistributedWorker(SluiceStore store, WorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _work = store.Work;
        _options = options ?? new WorkerOptions();
        _options.Validate();
        _time = _options.Time;
        _runs = new RunContextCache(store.State, _options);
        _attempts = new TaskAttemptRunner(_work, store.State, _options);
        _jobs = new JobRunner(_options);
    }

    /// <summary>This worker's id, the lease owner of its items.</summary>
    public string Id => _options.WorkerId;

    /// <summary>Items completed and committed so far.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>
    /// Works until <paramref name="cancellationToken"/> is cancelled; then stops claiming, lets running items
    /// finish for <see cref="WorkerOptions.ShutdownGrace"/>, commits their outcomes, and hands the rest back.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id} started: capacity {_options.Capacity}, queues {(_options.Queues is { } q ? string.Join(",", q) : "all")}"));
        using var background = new CancellationTokenSource();
        using var abandon = new CancellationTokenSource();
        _abandonToken = abandon.Token;
        var commit = CommitLoopAsync();
        var heartbeat = HeartbeatLoopAsync(background.Token);
        try
        {
            await ClaimLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping while a claim was in flight (even mid-connect) is the normal way to stop.
        }
        finally
        {
            await StopAsync(commit, abandon).ConfigureAwait(false);
            await background.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id} stopped after {Completed} items"));
        }
    }

    private async Task StopAsync(Task commit, CancellationTokenSource abandon)
    {
        var deadline = _time.GetTimestamp();
        while (Volatile.Read(ref _running) > 0 && _time.GetElapsedTime(deadline) < _options.ShutdownGrace)
        {
            await Task.WhenAny(_stopped.WaitAsync(), Task.Delay(TimeSpan.FromMilliseconds(100), _time)).ConfigureAwait(false);
        }
        await abandon.CancelAsync().ConfigureAwait(false);
        while (Volatile.Read(ref _running) > 0)
        {
            await Task.WhenAny(_stopped.WaitAsync(), Task.Delay(TimeSpan.FromMilliseconds(50), _time)).ConfigureAwait(false);
        }
        _outcomes.Writer.TryComplete();
        await commit.ConfigureAwait(false);
        if (!_inflight.IsEmpty)
        {
            try
            {
                var n = await _work.AbandonLeasesAsync(Id, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id} handed {n} unfinished item(s) back to the queue"));
                // Items of cancelled runs are not handed back: they end cancelled now (their leases just expired).
                await ReapStrandedAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log($"worker {Id} could not hand its items back ({ex.Message}); they are retried when their leases expire");
            }
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}
