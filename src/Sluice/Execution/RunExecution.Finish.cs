using System.Collections;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    private void InitScope(IReadOnlyDictionary<string, object?> inputs)
    {
        _scope.Inputs = inputs;
        _scope.Run = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = _run.RunId,
            ["pipeline_id"] = _definition.Id,
            ["started_at"] = (_run.StartedAt ?? _startedAt).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["logical_date"] = _run.LogicalDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["trigger"] = _run.Trigger,
        };
        _scope.Env = EnvironmentView();
        var context = new Dictionary<string, object?>(StringComparer.Ordinal);
        _scope.Context = context;
        foreach (var (key, value) in _definition.Context)
        {
            // Context entries may use inputs and earlier context entries.
            context[key] = CompiledValue.Compile(value, _definition.Source, $"context.{key}").Render(_scope);
        }
    }

    private Dictionary<string, object?> EnvironmentView()
    {
        var env = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (name.StartsWith("SLUICE_ENV_", StringComparison.Ordinal))
            {
                env[name["SLUICE_ENV_".Length..]] = e.Value as string;
            }
            else if (_options.EnvAllowList.Contains(name))
            {
                env[name] = e.Value as string;
            }
        }
        return env;
    }

    private RunOutcome Finish()
    {
        var now = _time.GetUtcNow();
        var states = new Dictionary<string, TaskState>(_nodes.Length, StringComparer.Ordinal);
        var outputs = new Dictionary<string, object?>(_nodes.Length, StringComparer.Ordinal);
        string? firstError = null;
        foreach (var node in _nodes)
        {
            if (!node.State.IsFinal())
            {
                // Only reachable after cancellation: nothing else leaves a node unfinished.
                node.State = TaskState.Cancelled;
                node.Error ??= _cancelReason;
                WriteNode(node);
                _options.Observer?.TaskChanged(_run.RunId, node.Id, -1, TaskState.Cancelled, node.Attempt, node.Error);
            }
            states[node.Id] = node.State;
            outputs[node.Id] = node.ScopeValue;
            if (node.State == TaskState.Failed && firstError is null)
            {
                firstError = RunErrors.TaskFailed(node.Id, node.Error);
            }
        }
        var state = _runFailedBy is not null ? RunState.Failed
            : _cancelled ? RunState.Cancelled
            : states.Values.Any(Readiness.CountsAsFailed) ? RunState.Failed
            : RunState.Succeeded;
        var error = _runFailedBy ?? (state == RunState.Cancelled ? _cancelReason : state == RunState.Failed ? firstError ?? RunErrors.NoTaskFailed : null);
        object? result = null;
        string? resultJson = null;
        if (state == RunState.Succeeded && _definition.Result is { } resultTemplate)
        {
            try
            {
                result = CompiledValue.Compile(resultTemplate, _definition.Source, "result").Render(_scope);
                resultJson = Expressions.ExprValues.ToJsonText(result);
                var redacted = _scope.Redactor.Redact(resultJson);
                if (!ReferenceEquals(redacted, resultJson))
                {
                    // The result is stored and printed: it never carries a secret.
                    using var doc = System.Text.Json.JsonDocument.Parse(redacted);
                    (resultJson, result) = (redacted, Expressions.ExprValues.FromJson(doc.RootElement));
                }
            }
            catch (Diagnostics.SluiceException ex)
            {
                (state, error, result) = (RunState.Failed, "result: " + ex.Message, null);
            }
        }
        // The result is part of the final run row: it commits with the success transition or not at all.
        _writer.Enqueue(_run with { State = state, StartedAt = _run.StartedAt ?? _startedAt, EndedAt = now, Error = error, ResultJson = resultJson });
        return new RunOutcome(_run.RunId, _definition.Id, state, states, error, _startedAt, now) { Outputs = outputs, Result = result, HasResult = state == RunState.Succeeded && _definition.Result is not null };
    }
}
