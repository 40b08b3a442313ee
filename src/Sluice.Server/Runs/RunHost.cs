using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Actions;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Execution.FlowControl;
using Sluice.Hosting;
using Sluice.Server.Catalog;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Server.Runs;

/// <summary>
/// Executes runs in this process: a queue drained by at most <see cref="ServerOptions.MaxConcurrentRuns"/>
/// workers, within each pipeline's <c>max_active_runs</c> (<see cref="RunAdmission"/>), every run sharing one
/// process-wide <see cref="TaskSlots"/> and one set of <see cref="PoolSlots"/>. Runs found queued in the store
/// at start-up (the server stopped before running them) are queued again.
/// </summary>
public sealed partial class RunHost : BackgroundService, IRunLauncher
{
    /// <summary>How long a run refused because other processes fill its pipeline's limits waits before it is asked again.</summary>
    private static readonly TimeSpan ElsewhereRetry = TimeSpan.FromSeconds(2);

    private readonly IStateStore _store;
    private readonly PipelineCatalog _catalog;
    private readonly DefinitionCache _definitions;
    private readonly LiveRuns _live;
    private readonly ServerOptions _options;
    private readonly ILogger<RunHost> _logger;
    private readonly RunExecutor _executor;
    private readonly RunCompletions _completions;
    private readonly Distributed.DistributedRuns _distributed;
    private readonly RunAdmission _admission = new();
    private readonly ConcurrentDictionary<string, QueuedRun> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _executing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _heldElsewhere = new(StringComparer.Ordinal);
    private long _sequence;

    internal RunHost(SluiceStore store, PipelineCatalog catalog, DefinitionCache definitions, LiveRuns live, IRunObserver observer, RunCompletions completions,
        ServerOptions options, ActionRegistry actions, ILogger<RunHost> logger, IServiceProvider? services = null)
    {
        _completions = completions;
        _store = store.State;
        _catalog = catalog;
        _definitions = definitions;
        _live = live;
        _options = options;
        _logger = logger;
        Slots = new TaskSlots(options.TaskSlots);
        ExecutorOptions = new ExecutorOptions
        {
            GlobalSlots = Slots,
            MaxParallelTasks = options.MaxParallelTasksPerRun,
            // One set of pool slots for every run of this server: `pool: db` with 1 slot runs one task at a time across runs.
            Pools = new PoolSlots(options.Pools),
            Observer = observer,
            Time = options.Time,
            ArtifactRoot = store.ArtifactRoot,
            Storage = store.Storage,
            Files = options.AllowedPaths is { } allowed ? SluiceFiles.Confined(store, allowed, options.PipelinesDirectory) : Files.PathPolicy.Unrestricted,
            // The server's services: actions find the alert sink there (a quality gate that warns raises an alert).
            Services = services,
        };
        _executor = new RunExecutor(store.State, actions, ExecutorOptions);
        // Runs that workers execute are cancelled through the shared store (any server may do it).
        _distributed = new Distributed.DistributedRuns(store, new Distributed.WorkerOptions { Actions = actions, Time = options.Time });
    }

    /// <summary>The task slots shared by every run of this server.</summary>
    public TaskSlots Slots { get; }

    /// <summary>The settings every run executes with.</summary>
    public ExecutorOptions ExecutorOptions { get; }

    /// <summary>Runs executing now.</summary>
    public int ActiveRuns => _executing.Count;

    /// <summary>Runs waiting for an execution slot.</summary>
    public int QueueDepth => _waiting.Count;

    /// <summary>True when the run is executing in this process.</summary>
    public bool IsExecuting(string runId) => _executing.ContainsKey(runId);

    /// <summary>Why a waiting run does not start although a worker may be free (its pipeline's <c>max_active_runs</c> or <c>concurrency</c> key), or null.</summary>
    public string? HeldBack(string runId) =>
        !_waiting.TryGetValue(runId, out var q) ? null : _heldElsewhere.GetValueOrDefault(runId) ?? _admission.HeldBack(q);

    /// <summary>The 1-based position of a waiting run in the queue, or null when it is not waiting.</summary>
    public int? QueuePosition(string runId) =>
        _waiting.TryGetValue(runId, out var q) ? 1 + _waiting.Values.Count(o => o.Sequence < q.Sequence) : null;

    /// <inheritdoc />
    public async Task<RunRecord> LaunchAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (active, inputs) = RunRequestBinder.Bind(_catalog, request);
        var run = await _executor.StartAsync(active.Definition, active.Version, inputs, request.Trigger, request.LogicalDate, request.RunId, cancellationToken).ConfigureAwait(false);
        if (run.State == State.RunState.Queued && Enqueue(run, active.Definition, isNew: true) is { } skipped)
        {
            var recorded = await RecordNotExecutedAsync(skipped.Run, RunState.Skipped, skipped.Reason).ConfigureAwait(false);
            // A catch-up schedule waiting for this run to end is released at once.
            _completions.Ended(run.RunId);
            return recorded ?? run;
        }
        return run;
    }

    /// <summary>
    /// Queues a run. A new run (<paramref name="isNew"/>) of a pipeline that skips runs beyond its
    /// <c>max_active_runs</c> is not queued when the limit is reached: the caller records it as skipped.
    /// </summary>
    /// <returns>The run and why it was refused, or null when it was queued (or was queued already).</returns>
    private (QueuedRun Run, string Reason)? Enqueue(RunRecord run, Definition.PipelineDefinition definition, bool isNew = false)
    {
        var runId = run.RunId;
        // A run is queued at most once: a scheduler delivering a fire again (after a restart) finds its run
        // queued already, and a second queue entry would execute it twice.
        if (_executing.ContainsKey(runId))
        {
            return null;
        }
        var queued = new QueuedRun(runId, definition.Id, definition, Interlocked.Increment(ref _sequence), ConcurrencyKey.Render(definition, run.InputsJson));
        if (!_waiting.TryAdd(runId, queued))
        {
            return null;
        }
        if (!isNew)
        {
            _admission.Add(queued);
            return null;
        }
        if (_admission.AddUnlessSkipped(queued, IsWaiting) is { } reason)
        {
            _waiting.TryRemove(runId, out _);
            return (queued, reason);
        }
        return null;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RequeueLeftoversAsync(stoppingToken).ConfigureAwait(false);
        var workers = Enumerable.Range(0, _options.MaxConcurrentRuns).Select(_ => WorkAsync(stoppingToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var queued = await _admission.NextAsync(IsWaiting, stoppingToken).ConfigureAwait(false);
                try
                {
                    if (await AdmitAcrossProcessesAsync(queued, stoppingToken).ConfigureAwait(false))
                    {
                        await ExecuteOneAsync(queued, stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _admission.Ended(queued);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ExecuteOneAsync(QueuedRun queued, CancellationToken stoppingToken)
    {
        // Stopping the server cancels its runs: they are recorded as cancelled and can be resumed.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _live.Track(queued.RunId, queued.Definition);
        _executing[queued.RunId] = cts;
        // Whoever removes the run from the waiting set owns it: a cancel that won left nothing to execute.
        if (!_waiting.TryRemove(queued.RunId, out _))
        {
            _executing.TryRemove(queued.RunId, out _);
            _live.Forget(queued.RunId);
            _completions.Ended(queued.RunId);
            return;
        }
        try
        {
            await _executor.ResumeAsync(queued.Definition, queued.RunId, cts.Token).ConfigureAwait(false);
        }
        catch (SluiceException ex)
        {
            LogRunNotExecuted(_logger, queued.RunId, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunCrashed(_logger, queued.RunId, ex);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // A cancel that came between taking the run and the executor's own cancel handling: the executor stopped
            // without recording it. Record it here; letting the exception out would also end this execution worker.
            await RecordNotExecutedAsync(queued, RunState.Cancelled, "cancelled by request before its first task started").ConfigureAwait(false);
        }
        finally
        {
            _executing.TryRemove(queued.RunId, out _);
            _live.Forget(queued.RunId);
            _completions.Ended(queued.RunId);
        }
    }

    /// <summary>
    /// Checks a run of a limited pipeline (<c>max_active_runs</c>, <c>concurrency</c>) against the runs every process
    /// sharing the store executes, taking its lease when it may start. One refused waits out of the line for
    /// <see cref="ElsewhereRetry"/> (nothing here tells when another process's run ends), then joins it again.
    /// </summary>
    /// <returns>True when the run may execute now.</returns>
    private async Task<bool> AdmitAcrossProcessesAsync(QueuedRun queued, CancellationToken stoppingToken)
    {
        if (queued.Definition.MaxActiveRuns is null && queued.Definition.Concurrency is null)
        {
            return true;
        }
        string? refusal;
        try
        {
            var stored = await _store.GetRunAsync(queued.RunId, stoppingToken).ConfigureAwait(false);
            var steal = Execution.Leases.LocalWorkerId.IsDeadLocalOwner(stored?.LeaseOwner) ? stored!.LeaseOwner : null;
            refusal = await _store.TryAdmitRunAsync(queued.RunId, ExecutorOptions.WorkerId, _options.Time.GetUtcNow(), ExecutorOptions.LeaseDuration,
                others => RunAdmission.RefusalAcrossProcesses(queued, others), steal, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            refusal = "waiting: the store could not admit it (" + ex.Message + ")";
        }
        if (refusal is null)
        {
            _heldElsewhere.TryRemove(queued.RunId, out _);
            return true;
        }
        _heldElsewhere[queued.RunId] = refusal;
        _ = RejoinLaterAsync(queued, stoppingToken);
        return false;
    }

    private async Task RejoinLaterAsync(QueuedRun queued, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(ElsewhereRetry, _options.Time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (IsWaiting(queued))
        {
            _admission.Add(queued);
        }
        else
        {
            _heldElsewhere.TryRemove(queued.RunId, out _);
        }
    }

    private bool IsWaiting(QueuedRun run) => _waiting.TryGetValue(run.RunId, out var waiting) && ReferenceEquals(waiting, run);

    /// <inheritdoc />
    public override void Dispose()
    {
        _admission.Dispose();
        base.Dispose();
    }

    private async Task RequeueLeftoversAsync(CancellationToken cancellationToken)
    {
        var leftovers = await _store.ListRunsAsync(new RunQuery(State: RunState.Queued, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        var now = _options.Time.GetUtcNow();
        foreach (var run in leftovers.OrderBy(static r => r.RunId, StringComparer.Ordinal))
        {
            var free = run.LeaseOwner is null || run.LeaseOwner == ExecutorOptions.WorkerId || run.LeaseExpiresAt < now || Execution.Leases.LocalWorkerId.IsDeadLocalOwner(run.LeaseOwner);
            if (!free || _waiting.ContainsKey(run.RunId))
            {
                continue;
            }
            if (await _definitions.GetAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false) is { } definition)
            {
                Enqueue(run, definition);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was not executed: {Reason}")]
    private static partial void LogRunNotExecuted(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} stopped with an internal error")]
    private static partial void LogRunCrashed(ILogger logger, string runId, Exception ex);
}
