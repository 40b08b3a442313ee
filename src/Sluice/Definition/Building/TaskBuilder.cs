namespace Sluice.Definition.Building;

/// <summary>Configures one task of a <see cref="PipelineBuilder"/>; every method mirrors a YAML task key.</summary>
public sealed class TaskBuilder
{
    private readonly Dictionary<string, object?> _parameters = new(StringComparer.Ordinal);
    private readonly List<string> _dependencies = [];
    private readonly List<string> _outputs = [];
    private TaskDefinition _task;

    internal TaskBuilder(string id, string action) => _task = new TaskDefinition { Id = id, Action = action };

    /// <summary>Sets the display name (<c>name</c>).</summary>
    public TaskBuilder Name(string name) => Set(_task with { Name = name });

    /// <summary>Sets a parameter; strings may hold <c>{{ }}</c> templates, <see cref="AutoValue"/> marks <c>&lt;AUTO&gt;</c>.</summary>
    public TaskBuilder Parameter(string name, object? value)
    {
        _parameters[name] = ValueNormalizer.Normalize(value);
        return this;
    }

    /// <summary>Adds tasks this one waits for (<c>dependencies</c>).</summary>
    public TaskBuilder DependsOn(params string[] taskIds)
    {
        _dependencies.AddRange(taskIds);
        return this;
    }

    /// <summary>Declares outputs (<c>outputs</c>).</summary>
    public TaskBuilder Outputs(params string[] names)
    {
        _outputs.AddRange(names);
        return this;
    }

    /// <summary>Sets <c>condition</c>: an expression; the task is skipped when it is false.</summary>
    public TaskBuilder Condition(string expression) => Set(_task with { Condition = expression });

    /// <summary>Sets <c>for_each</c>: a template giving a list; one instance runs per item.</summary>
    public TaskBuilder ForEach(string template) => Set(_task with { ForEach = template });

    /// <summary>Sets <c>parallel</c>. The default is true.</summary>
    public TaskBuilder Parallel(bool parallel = true) => Set(_task with { Parallel = parallel });

    /// <summary>Sets <c>max_workers</c> to a number.</summary>
    public TaskBuilder MaxWorkers(int workers) => Set(_task with { MaxWorkers = (long)workers });

    /// <summary>Sets <c>max_workers</c> to a template such as <c>{{ context.parallel_workers }}</c>.</summary>
    public TaskBuilder MaxWorkers(string template) => Set(_task with { MaxWorkers = template });

    /// <summary>Sets <c>retries</c>.</summary>
    public TaskBuilder Retries(int retries) => Set(_task with { Policy = _task.Policy with { Retries = retries } });

    /// <summary>Sets <c>retry_delay</c>.</summary>
    public TaskBuilder RetryDelay(TimeSpan delay) => Set(_task with { Policy = _task.Policy with { RetryDelay = delay } });

    /// <summary>Sets <c>backoff</c>.</summary>
    public TaskBuilder Backoff(BackoffKind backoff) => Set(_task with { Policy = _task.Policy with { Backoff = backoff } });

    /// <summary>Sets <c>max_retry_delay</c>.</summary>
    public TaskBuilder MaxRetryDelay(TimeSpan delay) => Set(_task with { Policy = _task.Policy with { MaxRetryDelay = delay } });

    /// <summary>Sets <c>timeout</c> for one attempt.</summary>
    public TaskBuilder Timeout(TimeSpan timeout) => Set(_task with { Policy = _task.Policy with { Timeout = timeout } });

    /// <summary>Only failures <paramref name="rule"/> names are retried (YAML <c>retry_on</c>).</summary>
    public TaskBuilder RetryOn(RetryRule rule) => Set(_task with { Policy = _task.Policy with { RetryOn = rule } });

    /// <summary>Failures <paramref name="rule"/> names are never retried (YAML <c>no_retry_on</c>).</summary>
    public TaskBuilder NoRetryOn(RetryRule rule) => Set(_task with { Policy = _task.Policy with { NoRetryOn = rule } });

    /// <summary>Sets <c>model</c> (a key of the pipeline's models).</summary>
    public TaskBuilder Model(string model) => Set(_task with { Model = model });

    /// <summary>Sets <c>pool</c>.</summary>
    public TaskBuilder Pool(string pool) => Set(_task with { Pool = pool });

    /// <summary>Sets <c>priority</c>. The default is 0.</summary>
    public TaskBuilder Priority(int priority) => Set(_task with { Priority = priority });

    /// <summary>Sets <c>sla.max_duration</c>: how long the task may take, retries included, before an SLA miss.</summary>
    public TaskBuilder Sla(TimeSpan maxDuration) => Set(_task with { SlaMaxDuration = maxDuration });

    /// <summary>Sets <c>trigger_rule</c>. The default is all_success.</summary>
    public TaskBuilder Rule(TriggerRule rule) => Set(_task with { TriggerRule = rule });

    internal TaskDefinition Build() => _task with
    {
        Parameters = new Dictionary<string, object?>(_parameters, StringComparer.Ordinal),
        Dependencies = [.. _dependencies],
        Outputs = [.. _outputs],
    };

    private TaskBuilder Set(TaskDefinition task)
    {
        _task = task;
        return this;
    }
}
