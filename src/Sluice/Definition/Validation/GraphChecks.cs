using System.Text.RegularExpressions;

namespace Sluice.Definition.Validation;

/// <summary>Task ids and dependencies: syntax, duplicates, unknown and self dependencies, cycles.</summary>
internal static partial class GraphChecks
{
    public static TaskGraph Run(ValidationScope s)
    {
        var tasks = s.Definition.Tasks;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            var id = tasks[i].Id;
            var path = ValidationScope.TaskPath(i) + ".id";
            if (id.Length == 0 && s.FromFile)
            {
                continue;
            }
            if (!TaskIdPattern().IsMatch(id))
            {
                s.Bag.Error(DiagnosticCodes.BadTaskId, s.At(path, id), $"the task id '{id}' is not a valid name",
                    $"use letters, digits and '_', starting with a letter or '_' (for example '{Suggest(id)}'), so templates can reference it");
            }
            if (!ids.Add(id))
            {
                s.Bag.Error(DiagnosticCodes.DuplicateTaskId, s.At(path, id), $"two tasks have the id '{id}'", "give every task its own id");
            }
        }
        for (var i = 0; i < tasks.Count; i++)
        {
            CheckDependencies(s, i, ids);
        }
        FindCycles(s);
        return TaskGraph.Build(tasks);
    }

    private static void CheckDependencies(ValidationScope s, int i, HashSet<string> ids)
    {
        var task = s.Definition.Tasks[i];
        for (var j = 0; j < task.Dependencies.Count; j++)
        {
            var dep = task.Dependencies[j];
            var at = s.At($"{ValidationScope.TaskPath(i)}.dependencies[{j}]", task.Id);
            if (string.Equals(dep, task.Id, StringComparison.Ordinal))
            {
                s.Bag.Error(DiagnosticCodes.SelfDependency, at, $"task '{task.Id}' depends on itself", "remove it from its own dependencies");
            }
            else if (!ids.Contains(dep))
            {
                s.Bag.Error(DiagnosticCodes.UnknownDependency, at, $"task '{task.Id}' depends on '{dep}', which is not a task of this pipeline",
                    NameSuggester.Hint(dep, ids, "task ids"));
            }
        }
    }

    /// <summary>Reports each elementary cycle found by depth-first search once, printed along the dependency edges.</summary>
    private static void FindCycles(ValidationScope s)
    {
        var tasks = s.Definition.Tasks;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            index.TryAdd(tasks[i].Id, i);
        }
        var state = new byte[tasks.Count]; // 0 = new, 1 = on the current path, 2 = done
        var path = new List<int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (state[i] == 0)
            {
                Visit(s, i, index, state, path);
            }
        }
    }

    private static void Visit(ValidationScope s, int i, Dictionary<string, int> index, byte[] state, List<int> path)
    {
        var tasks = s.Definition.Tasks;
        state[i] = 1;
        path.Add(i);
        foreach (var dep in tasks[i].Dependencies)
        {
            if (!index.TryGetValue(dep, out var j) || j == i)
            {
                continue;
            }
            if (state[j] == 1)
            {
                var start = path.IndexOf(j);
                var cycle = path.Skip(start).Select(k => tasks[k].Id).Append(tasks[j].Id);
                s.Bag.Error(DiagnosticCodes.Cycle, s.At(ValidationScope.TaskPath(j) + ".dependencies", tasks[j].Id),
                    $"the dependencies form a cycle: {string.Join(" → ", cycle)}", "each task waits for the next one in this chain; remove one of these dependencies");
            }
            else if (state[j] == 0)
            {
                Visit(s, j, index, state, path);
            }
        }
        path.RemoveAt(path.Count - 1);
        state[i] = 2;
    }

    private static string Suggest(string id)
    {
        var chars = id.Select(static c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        var text = new string(chars);
        return text.Length == 0 || char.IsAsciiDigit(text[0]) ? "_" + text : text;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
