using System.Globalization;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.Sla;
using Sluice.State;

namespace Sluice.Server.Alerts;

/// <summary>
/// The server's <see cref="SlaWatch"/> over every live run: a miss of a run's or a task's <c>sla: {max_duration}</c>, or
/// of a scheduled run's <c>sla: {done_by}</c>, is recorded on the run, counted (<c>sluice_sla_misses_total</c>) and alerted once.
/// </summary>
internal sealed partial class SlaMonitor : IRunObserver
{
    private readonly SlaWatch _watch;
    private readonly AlertNotifier _notifier;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<SlaMonitor> _logger;

    public SlaMonitor(LiveRuns live, IStateStore store, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time, ILogger<SlaMonitor> logger)
    {
        _notifier = notifier;
        _metrics = metrics;
        _logger = logger;
        _watch = new SlaWatch(runId => live.Find(runId)?.Definition, store, time, Missed);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the SLA miss of run {RunId}; alerting it all the same")]
    private static partial void LogNotRecorded(ILogger logger, string runId, Exception exception);
}
