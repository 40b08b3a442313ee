using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Distributed;

internal sealed partial class DagAdvancer
{
    /// <summary>Starts a new run: evaluates its root tasks (and whatever follows from skips) and queues the ready ones.</summary>
    public async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var delta = Delta(context);
        var roots = new List<TaskNode>();
        foreach (var node in context.Model.Nodes)
        {
            if (node.Dependencies.Length == 0)
            {
                roots.Add(node);
            }
        }
        await EvaluateAsync(delta, roots, cancellationToken).ConfigureAwait(false);
        await CascadeAsync(cancellationToken).ConfigureAwait(false);
        await FinishRunsAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a task (or a mapped task's parent) final and counts it for its dependents and its run.</summary>
    private void Final(RunDelta delta, TaskNode node, TaskState state, string? error, object? value, string? outputsJson, int attempt, DateTimeOffset? startedAt, int? mapCount = null)
    {
        delta.Overlay[node.Id] = new TaskValue(state, value, error);
        _batch.Tasks.Add(new TaskInstanceRecord
        {
            RunId = delta.Context.Run.RunId, TaskId = node.Id, MapIndex = -1, State = state, Attempt = attempt, MapCount = mapCount,
            StartedAt = startedAt, EndedAt = _now, Error = error, OutputsJson = state == TaskState.Succeeded ? outputsJson ?? "{}" : null,
        });
        delta.Finished++;
        if (Readiness.CountsAsFailed(state))
        {
            delta.Failed++;
        }
        foreach (var dependent in delta.Context.Model.Dependents[node.Index])
        {
            delta.PendingDependencies[dependent] = delta.PendingDependencies.GetValueOrDefault(dependent) + 1;
        }
    }

    private async Task AdvanceMapAsync(RunDelta delta, string taskId, int finished, int failed, CancellationToken cancellationToken)
    {
        var runId = delta.Context.Run.RunId;
        if (_tx.CountsAtCommit && delta.Context.AllItemsReleased(taskId))
        {
            // Not the last items (else the commit fails and this runs again without CountsAtCommit): nothing to decide.
            _tx.CountItemsAtCommit(runId, taskId, finished, failed);
            return;
        }
        var node = delta.Context.Model.Node(taskId);
        var p = await _tx.AdvanceMapAsync(runId, taskId, finished, failed, cancellationToken).ConfigureAwait(false);
        if (p.ReleaseTo == p.ItemCount)
        {
            delta.Context.SetAllItemsReleased(taskId);
        }
        for (var i = p.ReleaseFrom; i < p.ReleaseTo && delta.CancelReason is null; i++)
        {
            _work.Add(new NewWorkItem(runId, taskId, i, PipelineModel.QueueOf(node), node.Definition.Priority, _now));
        }
        if (p.ItemsLeft > 0)
        {
            return;
        }
        if (p.ItemsFailed > 0 && delta.CancelReason is { } reason)
        {
            // Unstarted items of a cancelled run were counted as failed when it was cancelled (StopMapAsync).
            Final(delta, node, TaskState.Cancelled, reason, null, null, 0, null, p.ItemCount);
            return;
        }
        if (p.ItemsFailed > 0)
        {
            Final(delta, node, TaskState.Failed, $"{p.ItemsFailed} of {p.ItemCount} items failed", null, null, 0, null, p.ItemCount);
            return;
        }
        var rows = await _tx.GetItemRowsAsync(runId, taskId, cancellationToken).ConfigureAwait(false);
        var outputs = new IReadOnlyDictionary<string, object?>?[p.ItemCount];
        foreach (var r in rows)
        {
            if (r.MapIndex < outputs.Length && r.State == TaskState.Succeeded)
            {
                outputs[r.MapIndex] = OutputJson.Deserialize(r.OutputsJson);
            }
        }
        var value = TaskOutputs.Aggregate(outputs, node.Definition.Outputs);
        Final(delta, node, TaskState.Succeeded, null, value, OutputJson.Serialize(value), 0, null, p.ItemCount);
    }

    /// <summary>Counts finished dependencies until nothing more becomes ready: a worklist, so long chains of skips stay shallow.</summary>
    private async Task CascadeAsync(CancellationToken cancellationToken)
    {
        bool more;
        do
        {
            more = false;
            foreach (var delta in _runs.Values)
            {
                if (delta.PendingDependencies.Count == 0)
                {
                    continue;
                }
                if (delta.CancelReason is not null)
                {
                    // Every task not running was made final when the run was cancelled: nothing downstream starts.
                    delta.PendingDependencies.Clear();
                    continue;
                }
                var pending = delta.PendingDependencies;
                delta.PendingDependencies = new(StringComparer.Ordinal);
                var remaining = await _tx.DecrementDependenciesAsync(delta.Context.Run.RunId, pending, cancellationToken).ConfigureAwait(false);
                var ready = new List<TaskNode>();
                foreach (var (taskId, left) in remaining)
                {
                    if (left == 0)
                    {
                        ready.Add(delta.Context.Model.Node(taskId));
                    }
                }
                ready.Sort(static (a, b) => a.Index.CompareTo(b.Index));
                await EvaluateAsync(delta, ready, cancellationToken).ConfigureAwait(false);
                more = true;
            }
        }
        while (more);
    }

    /// <summary>Decides tasks whose dependencies are all final, as the embedded executor's readiness check does.</summary>
    private async Task EvaluateAsync(RunDelta delta, List<TaskNode> ready, CancellationToken cancellationToken)
    {
        if (ready.Count == 0)
        {
            return;
        }
        var context = delta.Context;
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in ready)
        {
            needed.UnionWith(context.Model.Upstream[node.Index]);
        }
        var missing = context.Missing(needed, delta.Overlay);
        if (missing.Count > 0)
        {
            // Upstream of a ready task is final and committed by others (our own finals are in the overlay).
            context.AddRows(await _tx.GetTaskRowsAsync(context.Run.RunId, missing, cancellationToken).ConfigureAwait(false));
        }
        var scope = new DistributedScope(context, delta.Overlay);
        foreach (var node in ready)
        {
            await DecideAsync(delta, node, scope, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DecideAsync(RunDelta delta, TaskNode node, DistributedScope scope, CancellationToken cancellationToken)
    {
        var anyFailed = false;
        foreach (var d in node.Dependencies)
        {
            anyFailed |= Readiness.CountsAsFailed(StateOf(delta, delta.Context.Model.Nodes[d].Id));
        }
        var decision = Readiness.Decide(node, anyFailed, scope);
        switch (decision.Kind)
        {
            case ReadinessKind.UpstreamFailed:
                Final(delta, node, TaskState.UpstreamFailed, null, null, null, 0, null);
                return;
            case ReadinessKind.Skip:
                Final(delta, node, TaskState.Skipped, null, null, null, 0, null);
                return;
            case ReadinessKind.Fail:
                Final(delta, node, TaskState.Failed, decision.Error, null, null, 0, null);
                return;
            case ReadinessKind.Expand:
                await ExpandAsync(delta, node, scope, cancellationToken).ConfigureAwait(false);
                return;
            default:
                var runId = delta.Context.Run.RunId;
                _batch.Tasks.Add(new TaskInstanceRecord { RunId = runId, TaskId = node.Id, State = TaskState.Queued });
                _work.Add(new NewWorkItem(runId, node.Id, -1, PipelineModel.QueueOf(node), node.Definition.Priority, _now));
                return;
        }
    }

    private async Task ExpandAsync(RunDelta delta, TaskNode node, DistributedScope scope, CancellationToken cancellationToken)
    {
        IReadOnlyList<object?> items;
        int maxWorkers;
        try
        {
            (items, maxWorkers) = node.RenderFanOut(scope);
        }
        catch (SluiceException ex)
        {
            Final(delta, node, TaskState.Failed, ex.Message, null, null, 0, null);
            return;
        }
        if (items.Count == 0)
        {
            var empty = TaskOutputs.Aggregate([], node.Definition.Outputs);
            Final(delta, node, TaskState.Succeeded, null, empty, OutputJson.Serialize(empty), 0, _now, 0);
            return;
        }
        var runId = delta.Context.Run.RunId;
        // max_workers bounds items running at once across all workers: only that many are queued; each
        // finished item releases the next (AdvanceMapAsync).
        var released = Math.Min(maxWorkers, items.Count);
        await _tx.StartMapAsync(runId, node.Id, MapItems.Serialize(items), items.Count, released, cancellationToken).ConfigureAwait(false);
        _batch.Tasks.Add(new TaskInstanceRecord { RunId = runId, TaskId = node.Id, State = TaskState.Running, MapCount = items.Count, StartedAt = _now });
        for (var i = 0; i < released; i++)
        {
            _work.Add(new NewWorkItem(runId, node.Id, i, PipelineModel.QueueOf(node), node.Definition.Priority, _now));
        }
    }

    private static TaskState StateOf(RunDelta delta, string taskId) =>
        delta.Overlay.TryGetValue(taskId, out var v) ? v.State
        : delta.Context.TryGetValue(taskId, out v) ? v.State
        : throw new SluiceException($"task '{taskId}' of run {delta.Context.Run.RunId} is not final, but a dependent was evaluated (store inconsistency)");
}
