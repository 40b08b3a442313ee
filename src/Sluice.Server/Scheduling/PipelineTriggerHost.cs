using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Scheduling;

/// <summary>
/// Runs the <c>type: pipeline</c> triggers: when a run of pipeline A ends succeeded or failed, starts every
/// pipeline with a trigger <c>{type: pipeline, pipeline: A, on: [...]}</c> whose <c>on</c> matches (default
/// <c>success</c>). The downstream run's id is <c>downstream@after-{upstream run id}</c> (the upstream id prefixed
/// with <c>upstream@</c> when it does not start with it), so it is started once,
/// and it inherits the upstream run's logical date. A chain that would come back to a pipeline already
/// in it stops there (a cycle would otherwise run forever).
/// </summary>
/// <remarks>The launcher is resolved late: the run host observes runs through this class, so it cannot be built first.</remarks>
internal sealed partial class PipelineTriggerHost(
    PipelineCatalog catalog, Func<IRunLauncher> launcher, IStateStore store, ServerMetrics metrics, ILogger<PipelineTriggerHost> logger) : BackgroundService, IRunObserver
{
    private const string After = "@after-";
    private static readonly IReadOnlyDictionary<string, object?> NoInputs = new Dictionary<string, object?>();
    private readonly Channel<RunOutcome> _ended = Channel.CreateUnbounded<RunOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private long _handled;

    /// <summary>Finished runs examined so far (for tests).</summary>
    public long Handled => Interlocked.Read(ref _handled);

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
        if (outcome.State is RunState.Succeeded or RunState.Failed)
        {
            _ended.Writer.TryWrite(outcome);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var outcome in _ended.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await StartDownstreamAsync(outcome, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, outcome.RunId, ex);
                }
                Interlocked.Increment(ref _handled);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StartDownstreamAsync(RunOutcome upstream, CancellationToken cancellationToken)
    {
        var on = upstream.State == RunState.Succeeded ? "success" : "failure";
        DateTimeOffset? logicalDate = null;
        var lookedUp = false;
        foreach (var entry in catalog.All)
        {
            if (entry.Active?.Definition is not { } definition || !Listens(definition, upstream.PipelineId, on))
            {
                continue;
            }
            // The chain names every pipeline in it: a run id that does not start with its pipeline gets it prefixed.
            if (TriggerChain.Contains(upstream.RunId, upstream.PipelineId, definition.Id))
            {
                LogCycle(logger, definition.Id, upstream.RunId);
                continue;
            }
            if (!lookedUp)
            {
                logicalDate = (await store.GetRunAsync(upstream.RunId, cancellationToken).ConfigureAwait(false))?.LogicalDate;
                lookedUp = true;
            }
            var runId = TriggerChain.RunId(definition.Id, After, upstream.RunId, upstream.PipelineId);
            try
            {
                await launcher().LaunchAsync(new RunRequest(definition.Id, NoInputs, "pipeline", logicalDate, runId), cancellationToken).ConfigureAwait(false);
                metrics.TriggerFired(definition.Id, "pipeline");
                LogStarted(logger, runId, upstream.RunId, on);
            }
            catch (RunLaunchException ex)
            {
                LogNotStarted(logger, runId, ex.Message);
            }
        }
    }

    private static bool Listens(Definition.PipelineDefinition definition, string upstream, string on)
    {
        foreach (var t in definition.Triggers)
        {
            if (t.Type == "pipeline" && t.Settings.GetValueOrDefault("pipeline") as string == upstream && Matches(t.Settings.GetValueOrDefault("on"), on))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(object? setting, string on) => setting switch
    {
        null => on == "success",
        string s => s == on,
        IEnumerable<object?> list => list.Any(o => o as string == on),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started after run {UpstreamRunId} ({On})")]
    private static partial void LogStarted(ILogger logger, string runId, string upstreamRunId, string on);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} was not started: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} is not started after run {UpstreamRunId}: it already ran earlier in this chain of pipeline triggers")]
    private static partial void LogCycle(ILogger logger, string pipeline, string upstreamRunId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Starting the pipelines triggered by run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, string runId, Exception ex);
}
