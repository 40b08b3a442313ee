using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Execution.Semantics;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// Runs one attempt of a pipeline task item on a worker through the shared <see cref="AttemptExecution"/>: the worker's
/// own part is only loading what the attempt needs from the store (upstream values, the mapped task's items).
/// Never throws except for worker shutdown.
/// </summary>
internal sealed class TaskAttemptRunner(IWorkStore store, IStateStore state, WorkerOptions options)
{
    public async Task<TaskOutcome> RunAsync(InFlight inflight, RunContext run)
    {
        var work = inflight.Work;
        var node = run.Model.Node(work.TaskId!);
        var log = new CollectingTaskLog(run.Redactor, options.Time, work);
        var request = new AttemptRequest
        {
            Definition = run.Model.Definition,
            RunId = run.Run.RunId,
            Node = node,
            Item = work.MapIndex,
            Attempt = work.Attempt,
            Log = log,
            Time = options.Time,
            ArtifactRoot = options.ArtifactRoot,
            Files = options.Files,
            Storage = options.Storage,
            Services = options.Services,
            Redactor = run.Redactor,
            Resources = options.Resources,
            Scope = cancellationToken => ScopeAsync(run, node, work.MapIndex, cancellationToken),
            // A run's cancel wins over a stopping worker: cancelled is the truth; a plain shutdown abandons the attempt.
            CancelReason = () => inflight.CancelReason,
            Marks = cancellationToken => state.GetSourceMarksAsync(run.Model.Definition.Id, node.Id, cancellationToken),
        };
        var result = await AttemptExecution.RunAsync(request, inflight.Cancellation.Token).ConfigureAwait(false);
        return new TaskOutcome
        {
            Work = work, Run = run, Node = node, StartedAt = result.StartedAt, EndedAt = result.EndedAt,
            Outputs = result.Outputs, OutputsJson = result.OutputsJson, Logs = log.Lines, Failure = result.Failure, Lineage = result.Lineage,
            Marks = result.Marks,
            Usage = result.Usage,
        };
    }

    /// <summary>Upstream values (final, so cached for good) and, for an item, its value from the stored item list.</summary>
    private async ValueTask<IExpressionScope> ScopeAsync(RunContext run, TaskNode node, int item, CancellationToken cancellationToken)
    {
        var missing = run.Missing(run.Model.Upstream[node.Index], null);
        if (missing.Count > 0)
        {
            run.AddRows(await store.GetTaskRowsAsync(run.Run.RunId, missing, cancellationToken).ConfigureAwait(false));
        }
        IExpressionScope scope = new DistributedScope(run, null);
        if (item >= 0)
        {
            var items = await GetItemsAsync(run, node.Id, cancellationToken).ConfigureAwait(false);
            scope = new ItemScope(scope, items[item], item);
        }
        return scope;
    }

    private Task<IReadOnlyList<object?>> GetItemsAsync(RunContext run, string taskId, CancellationToken cancellationToken) =>
        // Loaded without the attempt's token: the shared load must not fail for the other items when this one stops.
        run.GetItemsAsync(taskId, async id => MapItems.Parse(await store.GetMapItemsAsync(run.Run.RunId, id, CancellationToken.None).ConfigureAwait(false)
            ?? throw new SluiceException($"the items of mapped task '{id}' are not in the store")), cancellationToken);
}
