using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.DataActions.Quality;
using Sluice.Definition;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Schemas;

/// <summary>
/// Static schema propagation: walks the tasks of a pipeline in dependency order and asks each action that declares its
/// schemas (<see cref="IDeclaresSchema"/>) for its output schemas, given the schemas of its inputs — literal files (header
/// and inferred types, Parquet footer, Arrow schema, first JSON records) or upstream outputs. The actions report unknown
/// columns, type errors and aggregates of non-numeric columns at file:line:col; a task whose input is known only at run
/// time (a computed path, the output of a <c>shell</c> task or of an action without a schema function) is listed as
/// unchecked, and the same checks run when it starts.
/// </summary>
public static class StaticSchemas
{
    /// <summary>Checks <paramref name="definition"/> (already valid) with the actions of <paramref name="actions"/>; files are read through <paramref name="opener"/>.</summary>
    public static SchemaCheckResult Check(PipelineDefinition definition, ActionRegistry actions, IDatasetOpener opener)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(opener);
        var index = definition.Tasks.Select(static (t, i) => (t.Id, i)).ToDictionary(static p => p.Id, static p => p.i, StringComparer.Ordinal);
        var outputs = new Dictionary<string, Schema>(StringComparer.Ordinal);
        var unknownWhy = new Dictionary<string, string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        var skipped = new List<UncheckedTask>();
        var state = new int[definition.Tasks.Count]; // 0 not visited, 1 in progress, 2 done

        void Visit(int i)
        {
            if (state[i] != 0)
            {
                return;
            }

            state[i] = 1;
            var task = definition.Tasks[i];
            var action = definition.InlineActions.TryGetValue(task.Action, out var inline) ? inline : actions.Find(task.Action);
            if (action is not IDeclaresSchema declares)
            {
                var reads = action?.Descriptor.Parameters.Any(p => p.Type == ParameterType.Dataset && task.Parameters.ContainsKey(p.Name)) ?? false;
                unknownWhy[task.Id] = $"task '{task.Id}' (action '{task.Action}'), whose output schema is known only when it runs";
                if (reads)
                {
                    skipped.Add(new UncheckedTask(task.Id, $"action '{task.Action}' does not declare its schemas"));
                }

                state[i] = 2;
                return;
            }

            var request = new SchemaRequest(task.Id, task.Parameters, path => Locate(definition, i, path), Upstream, WhyUnknown, opener);
            IReadOnlyDictionary<string, Schema> declared;
            try
            {
                declared = declares.OutputSchemas(request);
            }
            catch (SluiceException ex)
            {
                request.Unknowable(ex.Message);
                declared = new Dictionary<string, Schema>();
            }

            diagnostics.AddRange(request.Diagnostics);
            foreach (var (name, schema) in declared)
            {
                outputs[$"{task.Id}.{name}"] = schema;
            }

            if (request.Unknown.Count > 0)
            {
                skipped.Add(new UncheckedTask(task.Id, string.Join("; ", request.Unknown.Distinct(StringComparer.Ordinal))));
                unknownWhy[task.Id] = $"task '{task.Id}', which is not checked before the run either";
            }
            else if (request.HasErrors)
            {
                unknownWhy[task.Id] = $"task '{task.Id}', which has errors";
            }

            state[i] = 2;
        }

        // Why a task's outputs are unknown: a reason, "" for a task with no reason recorded, null for a name that is not a task.
        string? WhyUnknown(string taskId) => index.ContainsKey(taskId) ? unknownWhy.GetValueOrDefault(taskId, "") : null;

        Schema? Upstream(string taskId, string output)
        {
            if (!index.TryGetValue(taskId, out var j))
            {
                return null;
            }

            // A reference is a dependency: the upstream task is checked first (a cycle is reported by the graph checks).
            Visit(j);
            return outputs.GetValueOrDefault($"{taskId}.{output}");
        }

        for (var i = 0; i < definition.Tasks.Count; i++)
        {
            Visit(i);
        }

        return new SchemaCheckResult(diagnostics, skipped, outputs);
    }

    private static SourceLocation Locate(PipelineDefinition definition, int task, string path)
    {
        var full = path.Length == 0 ? $"tasks[{task}].parameters" : $"tasks[{task}].parameters.{path}";
        if (definition.Source.IsEmpty)
        {
            return new SourceLocation($"{definition.Source.File}:{definition.Tasks[task].Id}", 0, 0);
        }

        return path.EndsWith("#value", StringComparison.Ordinal) || path.EndsWith("#key", StringComparison.Ordinal)
            ? definition.Source.TryGetExact(full, out var exact) ? exact : definition.Source[full[..full.LastIndexOf('#')]]
            : definition.Source[full];
    }
}
