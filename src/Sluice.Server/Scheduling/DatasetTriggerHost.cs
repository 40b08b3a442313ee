using System.IO.Enumeration;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Lineage;
using Sluice.Scheduling.Storage;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Scheduling;

/// <summary>
/// Runs the <c>type: dataset</c> triggers: when a run of pipeline A ends having written (as its lineage records) a
/// dataset that pipeline B's trigger lists, B is started with the updating run in its inputs (<c>trigger_run_id</c>,
/// <c>trigger_pipeline</c>, <c>trigger_dataset</c>, <c>trigger_datasets</c>, passed when B declares or reads them).
/// </summary>
/// <remarks>
/// Exactly once per update: the owed run is recorded in the store (<see cref="IScheduleStore.RecordDatasetFireAsync"/>,
/// one row per triggered pipeline and updating run) before it is started under the deterministic id
/// <c>B@dataset-A@…</c>, and marked delivered after; fires still owed when the server stopped are delivered when it
/// starts again, and starting an id twice returns the first run. A pipeline already in the chain of triggered runs is
/// not started again. The launcher is resolved late: the run host observes runs through this class.
/// </remarks>
internal sealed partial class DatasetTriggerHost(
    PipelineCatalog catalog, Func<IRunLauncher> launcher, IStateStore store, IScheduleStore schedules, ServerMetrics metrics, TimeProvider time,
    ILogger<DatasetTriggerHost> logger) : BackgroundService, IRunObserver
{
    private const string Separator = "@dataset-";
    private static readonly string[] InputNames = ["trigger_run_id", "trigger_pipeline", "trigger_dataset", "trigger_datasets"];
    private readonly Channel<RunOutcome> _ended = Channel.CreateUnbounded<RunOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private long _handled;
    private long _delivered;

    /// <summary>Finished runs examined so far (for tests).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Fires delivered by this process, including those owed from before a restart (for tests).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

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
        _ended.Writer.TryWrite(outcome);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The schedule host initializes the store too, concurrently; initializing is idempotent and locked.
            await schedules.InitializeAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await DeliverPendingAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, "(owed from before the start)", ex);
            }
            await foreach (var outcome in _ended.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RecordAsync(outcome, stoppingToken).ConfigureAwait(false);
                    await DeliverPendingAsync(stoppingToken).ConfigureAwait(false);
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

    /// <summary>Records a fire for every pipeline whose dataset trigger lists a dataset the run wrote.</summary>
    private async Task RecordAsync(RunOutcome upstream, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? written = null;
        foreach (var entry in catalog.All)
        {
            if (entry.Active?.Definition is not { } definition || Patterns(definition) is not { Count: > 0 } patterns
                || TriggerChain.Contains(upstream.RunId, upstream.PipelineId, definition.Id))
            {
                continue;
            }
            // Written datasets, not the run's own intermediate artifacts; lineage has only succeeded attempts.
            written ??= [.. (await store.GetLineageAsync(new LineageQuery(RunId: upstream.RunId), cancellationToken).ConfigureAwait(false))
                .Where(static r => r.Direction == LineageDirection.Write && r.Kind != "artifact")
                .Select(static r => r.Dataset).Distinct(StringComparer.Ordinal)];
            List<string> matched = [.. written.Where(d => patterns.Any(p => Matches(p, d)))];
            if (matched.Count == 0)
            {
                continue;
            }
            var fire = new DatasetFire(definition.Id, upstream.RunId, upstream.PipelineId, matched, TriggerChain.RunId(definition.Id, Separator, upstream.RunId, upstream.PipelineId));
            await schedules.RecordDatasetFireAsync(fire, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var fire in await schedules.GetPendingDatasetFiresAsync(cancellationToken).ConfigureAwait(false))
        {
            await DeliverAsync(fire, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(DatasetFire fire, CancellationToken cancellationToken)
    {
        try
        {
            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (catalog.Find(fire.PipelineId)?.Active is { } active)
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["trigger_run_id"] = fire.SourceRunId,
                    ["trigger_pipeline"] = fire.SourcePipelineId,
                    ["trigger_dataset"] = fire.Datasets[0],
                    ["trigger_datasets"] = fire.Datasets.ToList<object?>(),
                };
                foreach (var name in InputNames)
                {
                    if (active.Definition.Inputs.Any(i => i.Name == name) || Regex.IsMatch(active.Version.SourceText, $@"inputs\s*(\.\s*{name}\b|\[\s*['""]{name}['""]\s*\])", RegexOptions.CultureInvariant))
                    {
                        inputs[name] = values[name];
                    }
                }
            }
            var logicalDate = (await store.GetRunAsync(fire.SourceRunId, cancellationToken).ConfigureAwait(false))?.LogicalDate;
            var run = await launcher().LaunchAsync(new RunRequest(fire.PipelineId, inputs, "dataset", logicalDate, fire.RunId), cancellationToken).ConfigureAwait(false);
            metrics.TriggerFired(fire.PipelineId, "dataset");
            LogStarted(logger, run.RunId, fire.SourceRunId, fire.Datasets);
        }
        catch (RunLaunchException ex) when (ex.Failure == RunLaunchFailure.InvalidInputs)
        {
            LogNotStarted(logger, fire.RunId, ex.Message);
        }
        catch (RunLaunchException ex)
        {
            // The pipeline is being edited or removed: the fire stays owed and is delivered after the next run ends or at a restart.
            LogNotStarted(logger, fire.RunId, ex.Message);
            return;
        }
        await schedules.CompleteDatasetFireAsync(fire, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _delivered);
    }

    private static List<string>? Patterns(PipelineDefinition definition)
    {
        List<string>? patterns = null;
        foreach (var t in definition.Triggers)
        {
            if (t.Type == "dataset" && t.Settings.GetValueOrDefault("datasets") is IEnumerable<object?> list)
            {
                (patterns ??= []).AddRange(list.OfType<string>());
            }
        }
        return patterns;
    }

    /// <summary>
    /// True when the lineage identity <paramref name="dataset"/> is <paramref name="pattern"/>: a path (made absolute
    /// against the server's current folder, as lineage makes a run's paths absolute), a URL or a table handle; <c>*</c>
    /// and <c>?</c> match any characters.
    /// </summary>
    internal static bool Matches(string pattern, string dataset)
    {
        var full = pattern.Contains("://", StringComparison.Ordinal) || pattern.Contains('#', StringComparison.Ordinal) ? pattern : Path.GetFullPath(pattern);
        return full.AsSpan().IndexOfAny('*', '?') >= 0 ? FileSystemName.MatchesSimpleExpression(full, dataset, ignoreCase: false) : full == dataset;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: run {UpstreamRunId} updated {Datasets}")]
    private static partial void LogStarted(ILogger logger, string runId, string upstreamRunId, IReadOnlyList<string> datasets);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} was not started: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Starting the pipelines triggered by the datasets of run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, string runId, Exception ex);
}
