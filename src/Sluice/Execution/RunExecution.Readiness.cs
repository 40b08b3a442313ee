using Sluice.Diagnostics;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    private readonly Stack<TaskNode> _becameReady = new();

    private void StartReadyRoots()
    {
        foreach (var node in _nodes)
        {
            if (node.State == TaskState.Pending && node.RemainingDependencies == 0)
            {
                _becameReady.Push(node);
            }
        }
        DrainReady();
    }

    /// <summary>Processes nodes whose dependencies are all final. A worklist, not recursion: long chains of skips stay shallow.</summary>
    private void DrainReady()
    {
        while (_becameReady.TryPop(out var node))
        {
            if (_cancelled)
            {
                continue;
            }
            OnDependenciesDone(node);
        }
    }

    private void OnDependenciesDone(TaskNode node)
    {
        var anyFailed = false;
        foreach (var d in node.Dependencies)
        {
            anyFailed |= Readiness.CountsAsFailed(_nodes[d].State);
        }
        var decision = Readiness.Decide(node, anyFailed, _scope);
        switch (decision.Kind)
        {
            case ReadinessKind.UpstreamFailed:
                Complete(node, TaskState.UpstreamFailed, null);
                return;
            case ReadinessKind.Skip:
                Complete(node, TaskState.Skipped, null);
                return;
            case ReadinessKind.Fail:
                Complete(node, TaskState.Failed, decision.Error);
                return;
            case ReadinessKind.Expand:
                Expand(node);
                return;
            default:
                node.State = TaskState.Queued;
                Enqueue(node);
                return;
        }
    }

    private void Expand(TaskNode node)
    {
        IReadOnlyList<object?> items;
        int maxWorkers;
        try
        {
            (items, maxWorkers) = node.RenderFanOut(_scope);
        }
        catch (SluiceException ex)
        {
            Complete(node, TaskState.Failed, ex.Message);
            return;
        }
        var restored = node.Items is not null;
        node.Items = items;
        if (!restored || node.ItemStates!.Length != items.Count)
        {
            node.ItemStates = new byte[items.Count];
            node.ItemAttempts = new short[items.Count];
            node.ItemRetryBases = null;
            node.ItemOutputs = new IReadOnlyDictionary<string, object?>?[items.Count];
            node.ItemsFinished = 0;
        }
        node.MaxWorkers = maxWorkers;
        node.State = TaskState.Running;
        node.StartedAt ??= _time.GetUtcNow();
        WriteNode(node);
        _options.Observer?.TaskExpanded(_run.RunId, node.Id, items.Count);
        if (node.ItemsFinished == items.Count)
        {
            CompleteMapped(node);
            return;
        }
        Enqueue(node);
    }

    /// <summary>Marks a node final, records it, and releases its dependents.</summary>
    private void Complete(TaskNode node, TaskState state, string? error)
    {
        node.State = state;
        node.Error = error;
        node.ScopeValue = state == TaskState.Succeeded ? ScopeValueOf(node) : null;
        WriteNode(node);
        _options.Observer?.TaskChanged(_run.RunId, node.Id, -1, state, node.Attempt, error);
        foreach (var d in node.Dependents)
        {
            var dep = _nodes[d];
            if (--dep.RemainingDependencies == 0 && dep.State == TaskState.Pending)
            {
                _becameReady.Push(dep);
            }
        }
    }

    private void CompleteMapped(TaskNode node)
    {
        var failed = node.ItemsFailed > 0;
        Complete(node, failed ? TaskState.Failed : TaskState.Succeeded, failed ? $"{node.ItemsFailed} of {node.Items!.Count} items failed" : null);
    }

    private static Dictionary<string, object?> ScopeValueOf(TaskNode node) => node.IsMapped
        ? TaskOutputs.Aggregate(node.ItemOutputs!, node.Definition.Outputs)
        : TaskOutputs.WithDeclared(node.Outputs, node.Definition.Outputs);
}
