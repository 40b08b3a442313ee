using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// What a worker knows about one distributed run: the compiled pipeline, the run's inputs, context and
/// <c>run</c> variables, and the values of tasks already final (immutable once final, so safe to cache).
/// Thread-safe: attempts of many tasks read it at once.
/// </summary>
internal sealed class RunContext
{
    private readonly ConcurrentDictionary<string, TaskValue> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<object?>>>> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _released = new(StringComparer.Ordinal);
    private readonly Func<string, string?> _secrets;

    public RunContext(RunRecord run, PipelineModel model, WorkerOptions options)
    {
        Run = run;
        Model = model;
        _secrets = options.Secrets;
        Inputs = OutputJson.Deserialize(run.InputsJson) ?? new Dictionary<string, object?>();
        var startedAt = run.StartedAt ?? run.CreatedAt;
        RunVariables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = run.RunId,
            ["pipeline_id"] = model.Definition.Id,
            ["started_at"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
            ["logical_date"] = run.LogicalDate?.ToString("O", CultureInfo.InvariantCulture),
            ["trigger"] = run.Trigger,
        };
        Env = EnvironmentView(options.EnvAllowList);
        var context = new Dictionary<string, object?>(StringComparer.Ordinal);
        Context = context;
        var scope = new DistributedScope(this, null);
        foreach (var (key, value) in model.Definition.Context)
        {
            // Context entries may use inputs and earlier context entries, as in the embedded executor.
            context[key] = CompiledValue.Compile(value, model.Definition.Source, $"context.{key}").Render(scope);
        }
    }

    public RunRecord Run { get; }
    public PipelineModel Model { get; }
    public IReadOnlyDictionary<string, object?> Inputs { get; }
    public IReadOnlyDictionary<string, object?> Context { get; }
    public IReadOnlyDictionary<string, object?> RunVariables { get; }
    public IReadOnlyDictionary<string, object?> Env { get; }
    public SecretRedactor Redactor { get; } = SecretRedactor.WithAmbientSecrets();

    public bool TryGetValue(string taskId, out TaskValue value) => _values.TryGetValue(taskId, out value);

    /// <summary>Caches a committed final value.</summary>
    public void SetValue(string taskId, TaskValue value) => _values[taskId] = value;

    /// <summary>
    /// The item list of a mapped task, loaded once per worker: the first items of a fan-out start together, and
    /// each loading (and parsing) the whole list on its own multiplied the work by the worker's capacity.
    /// A failed load is forgotten so the next item tries again.
    /// </summary>
    public Task<IReadOnlyList<object?>> GetItemsAsync(string taskId, Func<string, Task<IReadOnlyList<object?>>> load, CancellationToken cancellationToken)
    {
        var lazy = _items.GetOrAdd(taskId, static (id, l) => new Lazy<Task<IReadOnlyList<object?>>>(() => l(id)), load);
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _items.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<object?>>>>(taskId, lazy));
        }
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// True once this worker saw every item of a mapped task released (nothing is left for max_workers to hold
    /// back): its finished items can then be counted at commit (<see cref="IWorkTransaction.CountItemsAtCommit"/>).
    /// Only a hint: the store checks it again when it counts.
    /// </summary>
    public bool AllItemsReleased(string taskId) => _released.ContainsKey(taskId);

    /// <summary>Records that every item of a mapped task has been released.</summary>
    public void SetAllItemsReleased(string taskId) => _released.TryAdd(taskId, 0);

    /// <summary>The ids among <paramref name="taskIds"/> whose value is not cached yet.</summary>
    public List<string> Missing(IEnumerable<string> taskIds, IReadOnlyDictionary<string, TaskValue>? overlay)
    {
        var missing = new List<string>();
        foreach (var id in taskIds)
        {
            if (!_values.ContainsKey(id) && (overlay is null || !overlay.ContainsKey(id)))
            {
                missing.Add(id);
            }
        }
        return missing;
    }

    /// <summary>Caches values read from committed rows.</summary>
    public void AddRows(IEnumerable<TaskInstanceRecord> rows)
    {
        foreach (var row in rows)
        {
            if (row.State.IsFinal() && Model.Contains(row.TaskId))
            {
                _values[row.TaskId] = ScopeValues.FromRow(row, Model.Node(row.TaskId));
            }
        }
    }

    public string? GetSecret(string name)
    {
        var v = _secrets(name);
        if (v is not null)
        {
            Redactor.Add(v);
        }
        return v;
    }

    private static Dictionary<string, object?> EnvironmentView(IReadOnlyCollection<string> allowList)
    {
        var env = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (name.StartsWith("SLUICE_ENV_", StringComparison.Ordinal))
            {
                env[name["SLUICE_ENV_".Length..]] = e.Value as string;
            }
            else if (allowList.Contains(name))
            {
                env[name] = e.Value as string;
            }
        }
        return env;
    }
}
