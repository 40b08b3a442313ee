using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    private void OnAttemptEnded(Signal s)
    {
        var node = s.Node!;
        _running--;
        ReleasePool(node);
        _options.GlobalSlots?.Release();
        if (s.Item >= 0)
        {
            node.ItemsRunning--;
        }
        if (s.Kind == SignalKind.Succeeded)
        {
            _writer.Enqueue(s.Lineage);
            _writer.Enqueue(new AttemptRecord(_run.RunId, node.Id, s.Item, s.Attempt, TaskState.Succeeded, s.StartedAt, s.EndedAt, null, _options.WorkerId) { Usage = s.Usage });
            if (s.Item < 0)
            {
                node.Outputs = s.Outputs;
                node.OutputsJson = s.OutputsJson;
                node.Marks = s.Marks;
                Complete(node, TaskState.Succeeded, null);
            }
            else
            {
                node.ItemStates![s.Item] = (byte)TaskState.Succeeded;
                node.ItemOutputs![s.Item] = s.Outputs;
                _writer.Enqueue(new TaskInstanceRecord
                {
                    RunId = _run.RunId, TaskId = node.Id, MapIndex = s.Item, State = TaskState.Succeeded, Attempt = s.Attempt,
                    StartedAt = s.StartedAt, EndedAt = s.EndedAt, OutputsJson = s.OutputsJson,
                }, s.Marks);
                _options.Observer?.TaskChanged(_run.RunId, node.Id, s.Item, TaskState.Succeeded, s.Attempt, null);
                ItemFinished(node);
            }
        }
        else
        {
            OnAttemptFailed(node, s);
        }
        DrainReady();
    }

    private void OnAttemptFailed(TaskNode node, Signal s)
    {
        var failure = s.Failure!.Value;
        if (failure.FailsRun && _runFailedBy is null)
        {
            // The task itself fails below; everything still running or waiting is cancelled.
            _runFailedBy = RunErrors.FailedBy(node.Id, failure.Error);
            CancelRun(_runFailedBy);
        }
        // Attempts before an operator's clear do not use up the task's retries; the numbers themselves continue.
        var retryBase = s.Item < 0 ? node.RetryBase : node.ItemRetryBases?[s.Item] ?? 0;
        var delay = RetryDecision.Decide(node.Policy, failure, s.Attempt - retryBase, _cancelled, _options.Jitter);
        var cancelled = failure.End == AttemptEnd.Cancelled;
        var state = cancelled ? TaskState.Cancelled : delay is null ? TaskState.Failed : TaskState.UpForRetry;
        _writer.Enqueue(new AttemptRecord(_run.RunId, node.Id, s.Item, s.Attempt, state, s.StartedAt, s.EndedAt, failure.Error, _options.WorkerId) { Usage = s.Usage });
        if (s.Item < 0)
        {
            node.Error = failure.Error;
        }
        if (delay is { } retryDelay)
        {
            SetInstanceState(node, s.Item, TaskState.UpForRetry, s.Attempt, s.StartedAt, s.EndedAt, failure.Error);
            _pendingRetries++;
            _ = RetryAfterAsync(node, s.Item, retryDelay);
            return;
        }
        if (s.Item < 0)
        {
            Complete(node, state, failure.Error);
            return;
        }
        SetInstanceState(node, s.Item, state, s.Attempt, s.StartedAt, s.EndedAt, failure.Error);
        if (state == TaskState.Cancelled)
        {
            node.ItemsCancelled++;
        }
        else
        {
            node.ItemsFailed++;
        }
        ItemFinished(node);
    }

    private void SetInstanceState(TaskNode node, int item, TaskState state, int attempt, DateTimeOffset startedAt, DateTimeOffset endedAt, string? error)
    {
        if (item >= 0)
        {
            node.ItemStates![item] = (byte)state;
        }
        else
        {
            node.State = state;
        }
        _writer.Enqueue(new TaskInstanceRecord
        {
            RunId = _run.RunId, TaskId = node.Id, MapIndex = item, State = state, Attempt = attempt,
            StartedAt = startedAt, EndedAt = state.IsFinal() ? endedAt : null, Error = error,
        });
        _options.Observer?.TaskChanged(_run.RunId, node.Id, item, state, attempt, error);
    }

    private void ItemFinished(TaskNode node)
    {
        node.ItemsFinished++;
        if (node.ItemsFinished == node.Items!.Count)
        {
            if (node.ItemsCancelled > 0)
            {
                Complete(node, TaskState.Cancelled, _cancelReason);
                return;
            }
            CompleteMapped(node);
        }
        else
        {
            Enqueue(node);
        }
    }

    private async Task RetryAfterAsync(TaskNode node, int item, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, _attemptsCts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        Post(new Signal { Kind = SignalKind.RetryDue, Node = node, Item = item });
    }

    private void OnRetryDue(TaskNode node, int item)
    {
        _pendingRetries--;
        if (_cancelled)
        {
            if (item >= 0)
            {
                node.ItemStates![item] = (byte)TaskState.Cancelled;
                node.ItemsCancelled++;
                node.ItemsFinished++;
            }
            else
            {
                node.State = TaskState.Cancelled;
            }
            return;
        }
        if (item < 0)
        {
            node.State = TaskState.Queued;
        }
        else
        {
            node.RetryReady.Enqueue(item);
        }
        Enqueue(node);
    }

    private void WriteNode(TaskNode node)
    {
        _writer.Enqueue(new TaskInstanceRecord
        {
            RunId = _run.RunId,
            TaskId = node.Id,
            MapIndex = -1,
            State = node.State,
            Attempt = node.Attempt,
            MapCount = node.Items?.Count,
            StartedAt = node.StartedAt,
            EndedAt = node.State.IsFinal() ? _time.GetUtcNow() : null,
            Error = node.Error,
            OutputsJson = node.State == TaskState.Succeeded && !node.IsMapped ? node.OutputsJson ?? "{}" : null,
        }, node.State == TaskState.Succeeded ? node.Marks : []);
    }
}
