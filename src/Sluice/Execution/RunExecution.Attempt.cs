using Sluice.Execution.Semantics;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    private void StartAttempt(TaskNode node, int item)
    {
        int attempt;
        if (item < 0)
        {
            attempt = ++node.Attempt;
            node.State = TaskState.Running;
        }
        else
        {
            attempt = ++node.ItemAttempts![item];
            node.ItemStates![item] = (byte)TaskState.Running;
            node.ItemsRunning++;
        }
        _running++;
        var now = _time.GetUtcNow();
        if (item < 0)
        {
            node.StartedAt = now;
        }
        _writer.Enqueue(new TaskInstanceRecord { RunId = _run.RunId, TaskId = node.Id, MapIndex = item, State = TaskState.Running, Attempt = attempt, StartedAt = now });
        _writer.Enqueue(new AttemptRecord(_run.RunId, node.Id, item, attempt, TaskState.Running, now, null, null, _options.WorkerId));
        _options.Observer?.TaskChanged(_run.RunId, node.Id, item, TaskState.Running, attempt, null);
        var progress = new Actions.TaskProgress();
        _options.Observer?.AttemptStarted(_run.RunId, node.Id, item, attempt, progress);
        var work = new AttemptWork(this, node, item, attempt, progress);
        ThreadPool.UnsafeQueueUserWorkItem(static w => _ = w.RunAsync(), work, preferLocal: false);
    }

    private async Task<Signal> ExecuteAttemptAsync(TaskNode node, int item, int attempt, Actions.TaskProgress progress)
    {
        var request = new AttemptRequest
        {
            Definition = _definition,
            RunId = _run.RunId,
            Node = node,
            Item = item,
            Attempt = attempt,
            Log = new TaskLog(_writer, _scope.Redactor, _time, _run.RunId, node.Id, item, attempt),
            Time = _time,
            ArtifactRoot = _options.ArtifactRoot,
            Files = _options.Files,
            Storage = _options.Storage,
            Services = _services,
            Redactor = _scope.Redactor,
            Resources = _options.Resources,
            Scope = _ => ValueTask.FromResult<IExpressionScope>(item < 0 ? _scope : new ItemScope(_scope, node.Items![item], item)),
            CancelReason = () => _cancelReason ?? "run cancelled",
            Marks = ct => _writer.Store.GetSourceMarksAsync(_definition.Id, node.Id, ct),
            Progress = progress,
        };
        var result = await AttemptExecution.RunAsync(request, _attemptsCts.Token).ConfigureAwait(false);
        return new Signal
        {
            Kind = result.Failure is null ? SignalKind.Succeeded : SignalKind.Failed, Node = node, Item = item, Attempt = attempt,
            StartedAt = result.StartedAt, EndedAt = result.EndedAt, Outputs = result.Outputs, OutputsJson = result.OutputsJson, Failure = result.Failure,
            Lineage = result.Lineage,
            Marks = result.Marks,
            Usage = result.Usage,
        };
    }

    /// <summary>Runs one attempt on the thread pool and posts its outcome to the coordinator.</summary>
    private sealed class AttemptWork(RunExecution owner, TaskNode node, int item, int attempt, Actions.TaskProgress progress)
    {
        public async Task RunAsync() => owner.Post(await owner.ExecuteAttemptAsync(node, item, attempt, progress).ConfigureAwait(false));
    }
}
