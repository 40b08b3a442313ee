using System.Globalization;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Expressions;

namespace Sluice.Distributed;

/// <summary>
/// Runs one attempt of a pipeline task item on a worker, with the embedded executor's semantics:
/// parameters rendered from upstream outputs in the store, the task's timeout cancelling the attempt,
/// failures classified as transient or not. Never throws except for worker shutdown.
/// </summary>
internal sealed class TaskAttemptRunner(IWorkStore store, WorkerOptions options)
{
    private readonly TimeProvider _time = options.Time;

    public async Task<TaskOutcome> RunAsync(InFlight inflight, RunContext run)
    {
        var work = inflight.Work;
        var stopping = inflight.Cancellation.Token;
        var node = run.Model.Node(work.TaskId!);
        var startedAt = _time.GetUtcNow();
        var log = new CollectingTaskLog(run.Redactor, _time, work);
        var timeout = node.Policy.Timeout;
        using var timeoutCts = timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = timeoutCts is null ? CancellationTokenSource.CreateLinkedTokenSource(stopping) : CancellationTokenSource.CreateLinkedTokenSource(stopping, timeoutCts.Token);
        try
        {
            await EnsureUpstreamAsync(run, node, stopping).ConfigureAwait(false);
            IExpressionScope scope = new DistributedScope(run, null);
            if (work.MapIndex >= 0)
            {
                var items = await GetItemsAsync(run, node.Id, stopping).ConfigureAwait(false);
                scope = new ItemScope(scope, items[work.MapIndex], work.MapIndex);
            }
            var parameters = ParameterBinder.Bind(node, scope);
            var context = new ActionContext
            {
                RunId = run.Run.RunId,
                TaskId = node.Id,
                MapIndex = work.MapIndex,
                Attempt = work.Attempt,
                Parameters = parameters,
                Log = log,
                Time = _time,
                ArtifactDirectory = ArtifactDirectory(run.Run.RunId, node.Id, work.MapIndex, work.Attempt),
                Model = node.Definition.Model is { } m ? run.Model.Definition.Models.FirstOrDefault(x => x.Name == m) : null,
                Services = options.Services,
            };
            LogAutoParameters(context);
            var result = await node.Action.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            var outputs = result.Outputs;
            return new TaskOutcome
            {
                Work = work, Run = run, Node = node, Kind = OutcomeKind.Succeeded, StartedAt = startedAt, EndedAt = _time.GetUtcNow(),
                Outputs = outputs, OutputsJson = outputs.Count == 0 ? "{}" : OutputJson.Serialize(outputs), Logs = log.Lines,
            };
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The run's cancel wins over a stopping worker: the attempt is over either way, and cancelled is the truth.
            return inflight.CancelReason is { } reason
                ? Outcome(work, run, node, OutcomeKind.Cancelled, startedAt, log, "cancelled: " + reason)
                : Outcome(work, run, node, OutcomeKind.Abandoned, startedAt, log, "the worker stopped");
        }
        catch (OperationCanceledException) when (timeoutCts?.IsCancellationRequested == true)
        {
            return Outcome(work, run, node, OutcomeKind.Failed, startedAt, log, $"timed out after {DurationParser.Format(timeout!.Value)}", transient: true);
        }
        catch (SluiceException ex)
        {
            return Outcome(work, run, node, OutcomeKind.Failed, startedAt, log, ex.Message, ex.IsTransient);
        }
#pragma warning disable CA1031 // An action's failure of any kind is recorded as the attempt's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome(work, run, node, OutcomeKind.Failed, startedAt, log, $"{ex.GetType().Name}: {ex.Message}", transient: true);
        }
    }

    /// <summary>Loads the values of every upstream task not cached yet (they are final, so they never change).</summary>
    private async Task EnsureUpstreamAsync(RunContext run, TaskNode node, CancellationToken cancellationToken)
    {
        var missing = run.Missing(run.Model.Upstream[node.Index], null);
        if (missing.Count > 0)
        {
            run.AddRows(await store.GetTaskRowsAsync(run.Run.RunId, missing, cancellationToken).ConfigureAwait(false));
        }
    }

    private Task<IReadOnlyList<object?>> GetItemsAsync(RunContext run, string taskId, CancellationToken cancellationToken) =>
        // Loaded without the attempt's token: the shared load must not fail for the other items when this one stops.
        run.GetItemsAsync(taskId, async id => MapItems.Parse(await store.GetMapItemsAsync(run.Run.RunId, id, CancellationToken.None).ConfigureAwait(false)
            ?? throw new SluiceException($"the items of mapped task '{id}' are not in the store")), cancellationToken);

    private TaskOutcome Outcome(ClaimedWork work, RunContext run, TaskNode node, OutcomeKind kind, DateTimeOffset startedAt, CollectingTaskLog log, string error, bool transient = false) => new()
    {
        Work = work, Run = run, Node = node, Kind = kind, StartedAt = startedAt, EndedAt = _time.GetUtcNow(),
        Error = run.Redactor.Redact(error), Transient = transient, Logs = log.Lines,
    };

    /// <summary>One folder per attempt, laid out as the embedded executor does.</summary>
    private string ArtifactDirectory(string runId, string taskId, int item, int attempt)
    {
        var inv = CultureInfo.InvariantCulture;
        var taskDir = item < 0 ? taskId : Path.Combine(taskId, item.ToString(inv));
        return Path.Combine(options.ArtifactRoot, runId, taskDir, "attempt-" + attempt.ToString(inv));
    }

    private static void LogAutoParameters(ActionContext context)
    {
        foreach (var (name, value) in context.Parameters)
        {
            if (value is AutoValue auto)
            {
                var model = context.Model is { } m ? $"model '{m.Name}' ({m.Provider}/{m.Model}) is configured, but no model provider is called; " : "";
                context.Log.Write("info", $"AUTO parameter '{name}' (\"{auto.Hint}\"): {model}the action's heuristic chooses");
            }
        }
    }
}
