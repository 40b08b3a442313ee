using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.Sla;
using Sluice.State;

namespace Sluice.Server.Alerts;

/// <summary>
/// The server's <see cref="SlaWatch"/> over every live run: a miss of a run's or a task's <c>sla: {max_duration}</c>, or
/// of a scheduled run's <c>sla: {done_by}</c>, is recorded on the run, counted (<c>sluice_sla_misses_total</c>) and alerted once.
/// Runs this server does not execute — run by <c>sluice worker</c> processes or another server on a shared store, or
/// still queued — are swept from the store every <see cref="SweepInterval"/> (<see cref="SlaWatch.SweepAsync"/>).
/// </summary>
internal sealed partial class SlaMonitor : BackgroundService, IRunObserver
{
    /// <summary>How often the store's open runs are checked against their SLAs.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);

    private readonly SlaWatch _watch;
    private readonly IStateStore _store;
    private readonly DefinitionCache _definitions;
    private readonly TimeProvider _time;
    private readonly AlertNotifier _notifier;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<SlaMonitor> _logger;

    public SlaMonitor(LiveRuns live, IStateStore store, DefinitionCache definitions, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time, ILogger<SlaMonitor> logger)
    {
        _store = store;
        _definitions = definitions;
        _time = time;
        _notifier = notifier;
        _metrics = metrics;
        _logger = logger;
        _watch = new SlaWatch(runId => live.Find(runId)?.Definition, store, time, Missed);
    }

    /// <summary>Checks the store's queued and running runs that this server has no timers for (see <see cref="SlaWatch.SweepAsync"/>).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        var open = new List<RunRecord>();
        foreach (var state in new[] { RunState.Queued, RunState.Running })
        {
            open.AddRange(await _store.ListRunsAsync(new RunQuery(State: state, Limit: 10_000), cancellationToken).ConfigureAwait(false));
        }
        await _watch.SweepAsync(open, (run, ct) => _definitions.GetAsync(run.PipelineId, run.VersionHash, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(SweepInterval, _time, stoppingToken).ConfigureAwait(false);
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs and task instances watched now (their timers armed).</summary>
    public int Watching => _watch.Watching;

    public void RunStarted(string runId, string pipelineId, int taskCount) => _watch.RunStarted(runId, pipelineId, taskCount);

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message) =>
        _watch.TaskChanged(runId, taskId, mapIndex, state, attempt, message);

    public void TaskExpanded(string runId, string taskId, int count) => _watch.TaskExpanded(runId, taskId, count);

    public void RunFinished(RunOutcome outcome) => _watch.RunFinished(outcome);

    private void Missed(SlaMissed missed)
    {
        if (missed.RecordError is { } error)
        {
            LogNotRecorded(_logger, missed.Miss.RunId, error);
        }
        var miss = missed.Miss;
        var fields = new Dictionary<string, string>
        {
            ["sla"] = miss.Kind,
            ["deadline"] = miss.Deadline.ToString("O", CultureInfo.InvariantCulture),
        };
        if (missed.MaxDuration is { } max)
        {
            fields["max_duration_seconds"] = max.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            fields["started_at"] = missed.StartedAt.ToString("O", CultureInfo.InvariantCulture);
        }
        else
        {
            fields["logical_date"] = missed.StartedAt.ToString("O", CultureInfo.InvariantCulture);
        }
        if (miss.MapIndex >= 0)
        {
            fields["map_index"] = miss.MapIndex.ToString(CultureInfo.InvariantCulture);
        }
        _metrics.SlaMissed(missed.PipelineId);
        _notifier.Raise(new Alert(AlertKind.SlaMissed, missed.PipelineId, miss.RunId, miss.TaskId, missed.Describe(), miss.NoticedAt) { Fields = fields });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the store's open runs against their SLAs; trying again later")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the SLA miss of run {RunId}; alerting it all the same")]
    private static partial void LogNotRecorded(ILogger logger, string runId, Exception exception);
}
