using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Diagnostics;
using Sluice.Scheduling;
using Sluice.Scheduling.Leadership;
using Sluice.Scheduling.Storage;
using Sluice.Scheduling.Triggers;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Scheduling;

/// <summary>
/// Fires the <c>cron</c> and <c>interval</c> triggers of the served pipelines: one <see cref="Scheduler"/>
/// over the catalog's active definitions, replaced by a new one when the set of time triggers changes
/// (cursors and pending fires are durable in the <see cref="IScheduleStore"/>, so a restart neither skips
/// nor repeats a date). Each fire starts a run with the deterministic id <c>pipeline@date</c>.
/// </summary>
/// <remarks>
/// The scheduler runs only while this server holds <see cref="ISchedulerLeadership"/>: always with a SQLite
/// store; with PostgreSQL, one of the servers sharing the database. A follower tries to take over every
/// <see cref="ServerOptions.LeadershipInterval"/>; on taking over it continues from the shared cursors and
/// redelivers the fires its predecessor left pending.
/// </remarks>
internal sealed partial class ScheduleHost(
    PipelineCatalog catalog, IRunLauncher launcher, RunCompletions completions, ScheduleLagObserver lag, IScheduleStore store,
    ISchedulerLeadership leadership, ServerMetrics metrics, ServerOptions options, ILogger<ScheduleHost> logger,
    Operations.SchedulePauses? pauses = null) : BackgroundService
{
    private static readonly IReadOnlyDictionary<string, object?> NoInputs = new Dictionary<string, object?>();
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock _gate = new();
    private Scheduler? _current;
    private string? _key;
    private IReadOnlyList<ScheduledTrigger> _triggers = [];
    private Dictionary<(string, int), (string Type, bool CatchUp)> _info = [];
    private SchedulerMetrics _retired;
    private int _applying;
    private long _term;

    /// <summary>The time triggers fired now.</summary>
    public IReadOnlyList<ScheduledTrigger> Triggers => Volatile.Read(ref _triggers);

    /// <summary>Counters of every scheduler this host ran since the server started (lags: the latest and the largest).</summary>
    public SchedulerMetrics Totals
    {
        get
        {
            lock (_gate)
            {
                if (_current?.Metrics is not { } m)
                {
                    return _retired;
                }
                var r = _retired;
                return new SchedulerMetrics(r.Dispatched + m.Dispatched, r.CatchUpDispatched + m.CatchUpDispatched, r.Redelivered + m.Redelivered,
                    r.Skipped + m.Skipped, r.Failed + m.Failed, m.Outstanding, m.LastLag, m.MaxLag > r.MaxLag ? m.MaxLag : r.MaxLag, m.NextDueAt);
            }
        }
    }

    /// <summary>The next instant a time trigger of <paramref name="pipelineId"/> fires, or null when it has none.</summary>
    public DateTimeOffset? NextFire(string pipelineId)
    {
        var now = options.Time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var t in Triggers)
        {
            if (t.PipelineId == pipelineId && t.Schedule.GetNextOccurrence(now) is { } at && (next is null || at < next))
            {
                next = at;
            }
        }
        return next;
    }

    /// <summary>For tests: completes when catalog changes are applied and the scheduler has dispatched what is due.</summary>
    internal async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        while (_key is null || _changes.Reader.Count > 0 || Volatile.Read(ref _applying) == 1)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        Scheduler? current;
        lock (_gate)
        {
            current = _current;
        }
        if (current is not null)
        {
            await current.WaitForIdleAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.Changed += OnCatalogChanged;
        if (pauses is not null)
        {
            pauses.Changed += OnCatalogChanged;
        }
        try
        {
            await store.InitializeAsync(stoppingToken).ConfigureAwait(false);
            // One attempt before the first apply, so a server that can lead schedules from its start.
            await TryLeadAsync(stoppingToken).ConfigureAwait(false);
            _ = CompeteAsync(stoppingToken);
            _changes.Writer.TryWrite(true);
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _applying, 1);
                _changes.Reader.TryRead(out _);
                try
                {
                    await ApplyAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogApplyFailed(logger, ex);
                }
                finally
                {
                    Volatile.Write(ref _applying, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.Changed -= OnCatalogChanged;
            if (pauses is not null)
            {
                pauses.Changed -= OnCatalogChanged;
            }
            await ReplaceAsync(null).ConfigureAwait(false);
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private void OnCatalogChanged(object? sender, EventArgs e) => _changes.Writer.TryWrite(true);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var triggers = new List<ScheduledTrigger>();
        var info = new Dictionary<(string, int), (string, bool)>();
        foreach (var entry in catalog.All)
        {
            // A paused pipeline's time triggers are left out; on unpause its cursors apply catchup as after downtime.
            if (entry.Active?.Definition is not { } definition || pauses?.IsPaused(entry.Id) == true)
            {
                continue;
            }
            try
            {
                foreach (var t in TriggerSchedules.FromPipeline(definition))
                {
                    triggers.Add(t);
                    info[(t.PipelineId, t.TriggerIndex)] = (definition.Triggers[t.TriggerIndex].Type, t.CatchUp);
                }
            }
            catch (SluiceException ex)
            {
                LogBadTrigger(logger, definition.Id, ex.Message);
            }
        }
        if (!leadership.IsLeader)
        {
            // A follower: another server fires the schedules (or none does until this one takes over).
            await ReplaceAsync(null).ConfigureAwait(false);
            Volatile.Write(ref _info, info);
            Volatile.Write(ref _triggers, triggers);
            _key = "(not leading)";
            return;
        }
        var key = Interlocked.Read(ref _term) + "\n" + string.Join('\n', triggers.Select(static t => $"{t.PipelineId}|{t.TriggerIndex}|{t.Schedule.Description}|{t.CatchUp}|{t.MaxCatchUpRuns}"));
        if (key == _key)
        {
            return;
        }
        await ReplaceAsync(null).ConfigureAwait(false);
        Volatile.Write(ref _info, info);
        Volatile.Write(ref _triggers, triggers);
        if (triggers.Count > 0)
        {
            var scheduler = new Scheduler(triggers, store, FireAsync, new SchedulerOptions { Time = options.Time, RetryDelay = options.ScheduleRetryDelay, OnError = OnSchedulerError });
            await scheduler.StartAsync(cancellationToken).ConfigureAwait(false);
            await ReplaceAsync(scheduler).ConfigureAwait(false);
            var pipelines = triggers.Select(static t => t.PipelineId).Distinct().Count();
            LogScheduling(logger, triggers.Count, pipelines);
        }
        _key = key;
    }

    /// <summary>Stops the current scheduler (its undelivered fires stay pending in the store) and installs <paramref name="next"/>.</summary>
    private async Task ReplaceAsync(Scheduler? next)
    {
        Scheduler? old;
        lock (_gate)
        {
            old = _current;
        }
        if (old is not null && old != next)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }
        lock (_gate)
        {
            if (old is not null && old != next && old.Metrics is var m)
            {
                _retired = new SchedulerMetrics(_retired.Dispatched + m.Dispatched, _retired.CatchUpDispatched + m.CatchUpDispatched, _retired.Redelivered + m.Redelivered,
                    _retired.Skipped + m.Skipped, _retired.Failed + m.Failed, 0, m.LastLag, m.MaxLag > _retired.MaxLag ? m.MaxLag : _retired.MaxLag, null);
            }
            _current = next;
        }
    }

    /// <summary>
    /// Creates the fire's run (idempotent: the id depends only on pipeline and date). A catch-up trigger's
    /// callback also waits for the run to end, so <c>max_catchup_runs</c> bounds its runs in flight.
    /// </summary>
    private async Task FireAsync(ScheduledFire fire, CancellationToken cancellationToken)
    {
        var (type, catchUp) = Volatile.Read(ref _info).GetValueOrDefault((fire.PipelineId, fire.TriggerIndex), ("cron", false));
        var ended = catchUp ? completions.Watch(fire.RunId) : null;
        lag.Expect(fire.RunId, fire.LogicalDate);
        RunRecord run;
        try
        {
            run = await launcher.LaunchAsync(new RunRequest(fire.PipelineId, NoInputs, type, fire.LogicalDate, fire.RunId), cancellationToken).ConfigureAwait(false);
        }
        catch (RunLaunchException ex) when (ex.Failure == RunLaunchFailure.InvalidInputs)
        {
            // Delivering the fire again cannot bind the inputs: say so loudly and move on.
            LogFireRejected(logger, fire.RunId, ex.Message);
            completions.Forget(fire.RunId);
            return;
        }
        metrics.TriggerFired(fire.PipelineId, type);
        LogFired(logger, fire.PipelineId, fire.RunId, type, fire.IsCatchUp);
        if (ended is null)
        {
            return;
        }
        if (run.State.IsFinal())
        {
            completions.Forget(fire.RunId);
            return;
        }
        await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnSchedulerError(Exception ex) => LogSchedulerError(logger, ex.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling {Triggers} time triggers of {Pipelines} pipelines")]
    private static partial void LogScheduling(ILogger logger, int triggers, int pipelines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {Trigger} of {Pipeline} fired run {RunId} (catch-up: {CatchUp})")]
    private static partial void LogFired(ILogger logger, string pipeline, string runId, string trigger, bool catchUp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled run {RunId} was not created: {Reason}")]
    private static partial void LogFireRejected(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler: {Reason}; the fire is delivered again later")]
    private static partial void LogSchedulerError(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The triggers of pipeline {Pipeline} are not scheduled: {Reason}")]
    private static partial void LogBadTrigger(ILogger logger, string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying pipeline changes to the scheduler failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
