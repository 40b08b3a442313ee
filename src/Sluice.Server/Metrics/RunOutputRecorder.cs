using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Metrics;

/// <summary>
/// Adds what each finished run stored to the metrics: the rows of every task's dataset outputs (per pipeline and
/// task) and, for a pipeline with <c>models:</c>, what it spent on models (requests, cached answers, failures,
/// tokens, cost; per pipeline and model). The figures are read from the store after the run ends (task outputs,
/// the usage lines of <see cref="RunModelActivity"/>), so runs executed by workers count the same as local ones.
/// </summary>
internal sealed partial class RunOutputRecorder(LiveRuns live, IStateStore store, ServerMetrics metrics, ILogger<RunOutputRecorder> logger) : BackgroundService, IRunObserver
{
    private readonly Channel<(string RunId, string PipelineId, bool Models)> _ended =
        Channel.CreateUnbounded<(string, string, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private long _recorded;

    /// <summary>Finished runs whose outputs were added (for tests).</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        // Only a pipeline that declares models can have spent anything: the others' logs are not read at all.
        var models = live.Find(outcome.RunId)?.Definition.Models is { Count: > 0 };
        _ended.Writer.TryWrite((outcome.RunId, outcome.PipelineId, models));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (runId, pipelineId, models) in _ended.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RecordRowsAsync(runId, pipelineId, stoppingToken).ConfigureAwait(false);
                    foreach (var attempt in await store.GetAttemptsAsync(runId, cancellationToken: stoppingToken).ConfigureAwait(false))
                    {
                        if (attempt.Usage is { } usage)
                        {
                            metrics.AttemptUsage(pipelineId, attempt.TaskId, usage);
                        }
                    }
                    if (models)
                    {
                        var activity = await RunModelActivity.ReadAsync(store, runId, stoppingToken).ConfigureAwait(false);
                        foreach (var (model, usage) in activity.ByModel)
                        {
                            metrics.ModelUsed(pipelineId, model, usage);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, runId, ex);
                }
                Interlocked.Increment(ref _recorded);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecordRowsAsync(string runId, string pipelineId, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var task in await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            // A mapped task's parent row repeats its items' outputs: the items are counted one by one.
            if (task.State != TaskState.Succeeded || task.MapCount is not null || task.OutputsJson is not { Length: > 0 } json)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var output in doc.RootElement.EnumerateObject())
            {
                if (DatasetRef.IsTagged(output.Value) && DatasetRef.FromJson(output.Value).Rows is { } n)
                {
                    rows[task.TaskId] = rows.GetValueOrDefault(task.TaskId) + n;
                }
            }
        }
        foreach (var (task, n) in rows)
        {
            metrics.TaskOutputRows(pipelineId, task, n);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outputs and model usage of run {RunId} for the metrics")]
    private static partial void LogFailed(ILogger logger, string runId, Exception exception);
}
