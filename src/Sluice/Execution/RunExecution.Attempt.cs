using Sluice.Actions;
using Sluice.Diagnostics;
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
        var work = new AttemptWork(this, node, item, attempt, now);
        ThreadPool.UnsafeQueueUserWorkItem(static w => _ = w.RunAsync(), work, preferLocal: false);
    }

    private async Task<Signal> ExecuteAttemptAsync(TaskNode node, int item, int attempt, DateTimeOffset startedAt)
    {
        var timeout = node.Policy.Timeout;
        using var timeoutCts = timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = timeoutCts is null
            ? CancellationTokenSource.CreateLinkedTokenSource(_attemptsCts.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(_attemptsCts.Token, timeoutCts.Token);
        try
        {
            IExpressionScope scope = item < 0 ? _scope : new ItemScope(_scope, node.Items![item], item);
            var parameters = ParameterBinder.Bind(node, scope);
            var context = new ActionContext
            {
                RunId = _run.RunId,
                PipelineId = _definition.Id,
                TaskId = node.Id,
                MapIndex = item,
                Attempt = attempt,
                Parameters = parameters,
                Log = new TaskLog(_writer, _scope.Redactor, _time, _run.RunId, node.Id, item, attempt),
                Time = _time,
                ArtifactDirectory = ArtifactDirectory(node, item, attempt),
                Model = node.Definition.Model is { } m ? _definition.Models.FirstOrDefault(x => x.Name == m) : null,
                Services = _services,
            };
            LogAutoParameters(context);
            var result = await node.Action.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            var outputs = result.Outputs;
            return new Signal
            {
                Kind = SignalKind.Succeeded, Node = node, Item = item, Attempt = attempt, StartedAt = startedAt, EndedAt = _time.GetUtcNow(),
                Outputs = outputs, OutputsJson = outputs.Count == 0 ? "{}" : OutputJson.Serialize(outputs),
            };
        }
        catch (OperationCanceledException) when (_attemptsCts.IsCancellationRequested)
        {
            return Failure(node, item, attempt, startedAt, "cancelled: " + (_cancelReason ?? "run cancelled"), transient: false, cancelled: true);
        }
        catch (OperationCanceledException) when (timeoutCts?.IsCancellationRequested == true)
        {
            return Failure(node, item, attempt, startedAt, $"timed out after {Sluice.Definition.DurationParser.Format(timeout!.Value)}", transient: true, cancelled: false);
        }
        catch (RunFailedException ex)
        {
            return Failure(node, item, attempt, startedAt, ex.Message, transient: false, cancelled: false) with { FailsRun = true };
        }
        catch (SluiceException ex)
        {
            return Failure(node, item, attempt, startedAt, ex.Message, ex.IsTransient, cancelled: false);
        }
        catch (Data.DataException ex)
        {
            // The data engine says itself whether retrying can help (bad data: no; a read error: yes).
            return Failure(node, item, attempt, startedAt, ex.Message, ex.IsTransient, cancelled: false);
        }
#pragma warning disable CA1031 // An action's failure of any kind is recorded as the attempt's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failure(node, item, attempt, startedAt, $"{ex.GetType().Name}: {ex.Message}", transient: true, cancelled: false);
        }
    }

    /// <summary>
    /// Records which parameters are left to the runtime (<c>&lt;AUTO&gt;</c>). Sluice calls no model
    /// provider; a configured model is noted and the action's own heuristic decides (it logs its choice).
    /// </summary>
    private static void LogAutoParameters(ActionContext context)
    {
        foreach (var (name, value) in context.Parameters)
        {
            if (value is Definition.AutoValue auto)
            {
                var model = context.Model is { } m ? $"model '{m.Name}' ({m.Provider}/{m.Model}) is configured, but no model provider is called; " : "";
                context.Log.Write("info", $"AUTO parameter '{name}' (\"{auto.Hint}\"): {model}the action's heuristic chooses");
            }
        }
    }

    private Signal Failure(TaskNode node, int item, int attempt, DateTimeOffset startedAt, string error, bool transient, bool cancelled) => new()
    {
        Kind = SignalKind.Failed, Node = node, Item = item, Attempt = attempt, StartedAt = startedAt, EndedAt = _time.GetUtcNow(),
        Error = _scope.Redactor.Redact(error), Transient = transient, Cancelled = cancelled,
    };

    /// <summary>
    /// One folder per attempt: an attempt that crashes or fails leaves its partial files where no committed
    /// output points, so a retry or a resume never mistakes them for results.
    /// </summary>
    private string ArtifactDirectory(TaskNode node, int item, int attempt)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var taskDir = item < 0 ? node.Id : Path.Combine(node.Id, item.ToString(inv));
        return Path.Combine(_options.ArtifactRoot, _run.RunId, taskDir, "attempt-" + attempt.ToString(inv));
    }

    /// <summary>Runs one attempt on the thread pool and posts its outcome to the coordinator.</summary>
    private sealed class AttemptWork(RunExecution owner, TaskNode node, int item, int attempt, DateTimeOffset startedAt)
    {
        public async Task RunAsync() => owner.Post(await owner.ExecuteAttemptAsync(node, item, attempt, startedAt).ConfigureAwait(false));
    }
}
