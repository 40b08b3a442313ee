using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Metrics;

/// <summary>
/// Adds what each finished run of a pipeline with <c>models:</c> spent on models (requests, cached answers, failures,
/// tokens, cost; per pipeline and model) to <c>/metrics</c>. The figures are read from the run's stored usage lines
/// (<see cref="RunModelActivity"/>) after the run ends, so runs executed by workers count the same as local ones.
/// </summary>
internal sealed partial class ModelUsageRecorder(LiveRuns live, IStateStore store, ServerMetrics metrics, ILogger<ModelUsageRecorder> logger) : BackgroundService, IRunObserver
{
    private readonly Channel<(string RunId, string PipelineId)> _ended = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });
    private long _recorded;

    /// <summary>Finished runs whose usage was added (for tests).</summary>
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
        if (live.Find(outcome.RunId)?.Definition.Models is { Count: > 0 })
        {
            _ended.Writer.TryWrite((outcome.RunId, outcome.PipelineId));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (runId, pipelineId) in _ended.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var activity = await RunModelActivity.ReadAsync(store, runId, stoppingToken).ConfigureAwait(false);
                    foreach (var (model, usage) in activity.ByModel)
                    {
                        metrics.ModelUsed(pipelineId, model, usage);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the model usage of run {RunId} for /metrics")]
    private static partial void LogFailed(ILogger logger, string runId, Exception exception);
}
