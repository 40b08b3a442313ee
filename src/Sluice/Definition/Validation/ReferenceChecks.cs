using System.Collections;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Definition.Validation;

/// <summary>
/// Parses every template and condition and checks each name it reads: namespaces, declared inputs and
/// context keys, task ids that are upstream of the reader, declared outputs, <c>item</c> inside <c>for_each</c>.
/// </summary>
internal sealed class ReferenceChecks
{
    /// <summary>The site of the pipeline's <c>result</c>: evaluated after every task, so every task is readable.</summary>
    private const int EndOfRun = -2;

    private static readonly string[] Namespaces = ["inputs", "context", "run", "env", "item", "item_index"];

    private readonly ValidationScope _s;
    private readonly TaskGraph _graph;
    private readonly HashSet<string> _inputs;

    private ReferenceChecks(ValidationScope s, TaskGraph graph)
    {
        _s = s;
        _graph = graph;
        _inputs = [.. s.Definition.Inputs.Select(static i => i.Name)];
    }

    /// <summary>Where a template sits decides which names it may read.</summary>
    private readonly record struct Site(int TaskIndex, bool AllowsItem, string What);

    public static void Run(ValidationScope s, TaskGraph graph)
    {
        var checks = new ReferenceChecks(s, graph);
        foreach (var (key, value) in s.Definition.Context)
        {
            checks.Walk(value, $"context.{key}", new Site(-1, false, "'context'"));
        }
        for (var t = 0; t < s.Definition.Triggers.Count; t++)
        {
            foreach (var (key, value) in s.Definition.Triggers[t].Settings)
            {
                checks.Walk(value, $"triggers[{t}].{key}", new Site(-1, false, $"trigger {t + 1}"));
            }
        }
        if (s.Definition.Concurrency is { } concurrency)
        {
            checks.CheckConcurrencyKey(concurrency.Key);
        }
        for (var i = 0; i < s.Definition.Tasks.Count; i++)
        {
            checks.CheckTask(i);
        }
        if (s.Definition.Result is { } result)
        {
            checks.Walk(result, "result", new Site(EndOfRun, false, "'result'"));
        }
    }

    /// <summary>The key is rendered when a run is queued, from its inputs alone: nothing else exists yet.</summary>
    private void CheckConcurrencyKey(string key)
    {
        if (!Template.TryParse(key, _s.TextAt("concurrency.key"), out var template, out var error))
        {
            if (error is not null)
            {
                _s.Bag.Add(error);
            }
            return;
        }
        foreach (var r in template!.References.Where(static r => r.Root != "inputs"))
        {
            _s.Bag.Error(DiagnosticCodes.UnknownReference, r.Location, $"'concurrency.key' can read only inputs, not '{r.Root}': it is rendered when a run is queued, before anything else exists",
                "write the key over inputs, such as \"{{ inputs.customer }}\"");
        }
        Check([.. template.References.Where(static r => r.Root == "inputs")], new Site(-1, false, "'concurrency.key'"));
    }

    private void CheckTask(int i)
    {
        var task = _s.Definition.Tasks[i];
        var path = ValidationScope.TaskPath(i);
        var mapped = task.ForEach is not null;
        foreach (var (key, value) in task.Parameters)
        {
            Walk(value, $"{path}.parameters.{key}", new Site(i, mapped, $"parameter '{key}'"));
        }
        if (task.ForEach is { } forEach)
        {
            Walk(forEach, path + ".for_each", new Site(i, false, "'for_each'"));
        }
        if (task.MaxWorkers is string workers)
        {
            Walk(workers, path + ".max_workers", new Site(i, false, "'max_workers'"));
        }
        if (task.Condition is { } condition)
        {
            // The condition decides for the whole task, before any item exists: 'item' is not available there.
            CheckCondition(condition, path + ".condition", new Site(i, false, "'condition' (evaluated once for the whole task)"));
        }
    }

    private void Walk(object? value, string path, Site site)
    {
        switch (value)
        {
            case string text when Template.ContainsTemplate(text):
                if (Template.TryParse(text, _s.TextAt(path, TaskId(site)), out var template, out var error))
                {
                    Check(template!.References, site);
                }
                else if (error is not null)
                {
                    _s.Bag.Add(error);
                }
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                foreach (var (k, v) in map)
                {
                    Walk(v, $"{path}.{k}", site);
                }
                break;
            case IList list:
                for (var j = 0; j < list.Count; j++)
                {
                    Walk(list[j], $"{path}[{j}]", site);
                }
                break;
        }
    }

    private void CheckCondition(string condition, string path, Site site)
    {
        var origin = _s.TextAt(path, TaskId(site));
        var trimmed = condition.Trim();
        IReadOnlyList<ExprReference>? references = null;
        Diagnostic? error;
        if (trimmed.StartsWith("{{", StringComparison.Ordinal))
        {
            if (Template.TryParse(condition, origin, out var template, out error))
            {
                references = template!.References;
            }
        }
        else if (Expr.TryParse(condition, origin, out var expr, out error))
        {
            references = expr!.References;
        }
        if (references is not null)
        {
            Check(references, site);
        }
        else if (error is not null)
        {
            _s.Bag.Add(error with
            {
                Code = DiagnosticCodes.BadCondition,
                Message = $"the condition is not a valid expression: {error.Message}",
                Hint = error.Hint ?? "a condition is an expression such as inputs.mode == 'batch'"
            });
        }
    }

    private void Check(IReadOnlyList<ExprReference> references, Site site)
    {
        foreach (var r in references)
        {
            switch (r.Root)
            {
                case "inputs":
                    if (r.Member is { } input && !_inputs.Contains(input))
                    {
                        _s.Bag.Warning(DiagnosticCodes.UndeclaredInput, r.Location, $"input '{input}' is read but not declared under 'inputs'",
                            $"declare it to give it a type and a default; until then it is null unless set with --input {input}=...");
                    }
                    break;
                case "context":
                    if (r.Member is { } key && !_s.Definition.Context.ContainsKey(key))
                    {
                        _s.Bag.Error(DiagnosticCodes.UnknownContextKey, r.Location, $"'context.{key}' is read but the context block has no key '{key}'",
                            NameSuggester.Hint(key, [.. _s.Definition.Context.Keys], "context keys"));
                    }
                    break;
                case "item" or "item_index":
                    if (!site.AllowsItem)
                    {
                        _s.Bag.Error(DiagnosticCodes.ItemOutsideForEach, r.Location, $"'{r.Root}' is only defined in the parameters and condition of a task with 'for_each', not in {site.What}",
                            site.TaskIndex >= 0 && site.What.StartsWith("parameter", StringComparison.Ordinal) ? "add 'for_each:' to the task to run it once per item" : "use it only where a task runs once per item");
                    }
                    break;
                case "run" or "env" or "secret":
                    break;
                default:
                    CheckTaskReference(r, site);
                    break;
            }
        }
    }

    private void CheckTaskReference(ExprReference r, Site site)
    {
        if (!_graph.IndexById.TryGetValue(r.Root, out var target))
        {
            var names = Namespaces.Concat(_graph.IndexById.Keys).ToList();
            _s.Bag.Error(DiagnosticCodes.UnknownReference, r.Location, $"'{r.Root}' is neither a task nor a namespace ({string.Join(", ", Namespaces)})",
                NameSuggester.Hint(r.Root, names, "names"));
            return;
        }
        if (site.TaskIndex == EndOfRun)
        {
            if (r.Member is { } output)
            {
                CheckOutput(r, target, output);
            }
            return;
        }
        if (site.TaskIndex < 0)
        {
            _s.Bag.Error(DiagnosticCodes.NotUpstream, r.Location, $"{site.What} cannot read task '{r.Root}': it is evaluated before any task runs",
                "pass the value as a task parameter instead");
            return;
        }
        var reader = _s.Definition.Tasks[site.TaskIndex];
        if (!_graph.IsUpstream(site.TaskIndex, r.Root))
        {
            var self = string.Equals(reader.Id, r.Root, StringComparison.Ordinal);
            _s.Bag.Error(DiagnosticCodes.NotUpstream, r.Location,
                self ? $"task '{reader.Id}' reads its own outputs in {site.What}" : $"task '{reader.Id}' reads '{r.Root}' in {site.What}, but '{r.Root}' is not upstream of it",
                self ? "a task's outputs exist only after it finishes" : $"add '{r.Root}' to the dependencies of '{reader.Id}' (directly or through another task)");
            return;
        }
        if (r.Member is { } member)
        {
            CheckOutput(r, target, member);
        }
    }

    private void CheckOutput(ExprReference r, int target, string member)
    {
        var task = _s.Definition.Tasks[target];
        if (task.Outputs.Count > 0)
        {
            if (!task.Outputs.Contains(member))
            {
                _s.Bag.Error(DiagnosticCodes.UndeclaredOutput, r.Location, $"task '{task.Id}' has no output '{member}'",
                    NameSuggester.Hint(member, task.Outputs.ToList(), $"outputs of '{task.Id}'"));
            }
            return;
        }
        if (_s.FindAction(task.Action)?.Descriptor is { AllowsExtraOutputs: false } d && d.Outputs.All(o => o.Name != member))
        {
            var known = d.Outputs.Select(static o => o.Name).ToList();
            _s.Bag.Error(DiagnosticCodes.UndeclaredOutput, r.Location, $"task '{task.Id}' declares no outputs and its action '{d.Name}' has no output '{member}'",
                NameSuggester.Hint(member, known, $"outputs of '{d.Name}'"));
        }
    }

    private string? TaskId(Site site) => site.TaskIndex >= 0 ? _s.Definition.Tasks[site.TaskIndex].Id : null;
}
