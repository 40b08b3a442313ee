using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Execution.Semantics;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Distributed;

internal sealed partial class DagAdvancer
{
    /// <summary>Counts final tasks per run; a run with nothing left gets its final state, error and result.</summary>
    private async Task FinishRunsAsync(CancellationToken cancellationToken)
    {
        foreach (var delta in _runs.Values)
        {
            if (delta.Finished == 0)
            {
                continue;
            }
            var runId = delta.Context.Run.RunId;
            var p = await _tx.AdvanceRunAsync(runId, delta.Finished, delta.Failed, cancellationToken).ConfigureAwait(false);
            if (p.Remaining > 0)
            {
                continue;
            }
            delta.RunEnded = true;
            RunState state;
            string? error = null;
            string? result = null;
            if (delta.CancelReason is { } reason)
            {
                (state, error) = (delta.FailsRun ? RunState.Failed : RunState.Cancelled, reason);
            }
            else if (p.Failed > 0)
            {
                (state, error) = (RunState.Failed, await FirstFailureAsync(delta, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                (state, error, result) = await EvaluateResultAsync(delta, cancellationToken).ConfigureAwait(false);
            }
            var run = delta.Context.Run;
            _batch.Runs.Add(run with { State = state, StartedAt = run.StartedAt ?? run.CreatedAt, EndedAt = _now, Error = error, ResultJson = result });
        }
    }

    /// <summary>
    /// Evaluates the pipeline's <c>result</c> over every task's value as JSON, as the embedded executor does when a run
    /// succeeds; it is stored with the run's final row. An evaluation error fails the run (<c>result: …</c>).
    /// </summary>
    private async Task<(RunState State, string? Error, string? Result)> EvaluateResultAsync(RunDelta delta, CancellationToken cancellationToken)
    {
        var context = delta.Context;
        var definition = context.Model.Definition;
        if (definition.Result is not { } template)
        {
            return (RunState.Succeeded, null, null);
        }
        var missing = context.Missing(context.Model.Nodes.Select(static n => n.Id), delta.Overlay);
        if (missing.Count > 0)
        {
            context.AddRows(await _tx.GetTaskRowsAsync(context.Run.RunId, missing, cancellationToken).ConfigureAwait(false));
        }
        string json;
        try
        {
            var value = CompiledValue.Compile(template, definition.Source, "result").Render(new DistributedScope(context, delta.Overlay));
            json = context.Redactor.Redact(ExprValues.ToJsonText(value));
        }
        catch (SluiceException ex)
        {
            return (RunState.Failed, "result: " + ex.Message, null);
        }
        return (RunState.Succeeded, null, json);
    }

    /// <summary>The run's error: the first failed task in declaration order, as the embedded executor reports it.</summary>
    private async Task<string> FirstFailureAsync(RunDelta delta, CancellationToken cancellationToken)
    {
        var model = delta.Context.Model;
        var rows = await _tx.GetTaskRowsAsync(delta.Context.Run.RunId, [.. model.Nodes.Select(static n => n.Id)], cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(static r => r.TaskId, StringComparer.Ordinal);
        foreach (var node in model.Nodes)
        {
            var (state, error) = delta.Overlay.TryGetValue(node.Id, out var v) ? (v.State, v.Error)
                : byId.TryGetValue(node.Id, out var r) ? (r.State, r.Error) : (TaskState.Pending, null);
            if (state == TaskState.Failed)
            {
                return RunErrors.TaskFailed(node.Id, error);
            }
        }
        return RunErrors.NoTaskFailed;
    }
}
