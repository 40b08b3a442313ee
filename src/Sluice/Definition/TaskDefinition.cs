namespace Sluice.Definition;

/// <summary>One task of a pipeline, as declared. Immutable.</summary>
/// <remarks>
/// Strings in <see cref="Parameters"/>, <see cref="ForEach"/> and <see cref="MaxWorkers"/> may hold
/// <c>{{ }}</c> templates; they are rendered when the task instance starts. <see cref="Condition"/>
/// is a bare expression (a surrounding <c>{{ }}</c> is also accepted).
/// </remarks>
public sealed record TaskDefinition
{
    /// <summary>Unique within the pipeline; <c>[A-Za-z_][A-Za-z0-9_]*</c> so it can be referenced in templates.</summary>
    public required string Id { get; init; }

    /// <summary>Display name; defaults to the id.</summary>
    public string? Name { get; init; }

    /// <summary>The action's registered name (built-in or registered from C#).</summary>
    public required string Action { get; init; }

    /// <summary>Parameters as written: scalars, lists, maps, template strings and <see cref="AutoValue"/>s, in declaration order.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = EmptyMap;

    /// <summary>Ids of the tasks this one waits for.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Declared outputs, referenced downstream as <c>{{ task.output }}</c>.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>An expression; when false at start time the task is skipped. Null means always run.</summary>
    public string? Condition { get; init; }

    /// <summary>A template that evaluates to a list; one task instance runs per item. Null means a single instance.</summary>
    public string? ForEach { get; init; }

    /// <summary>Whether mapped instances may run concurrently (seed's <c>parallel</c>). The default is true.</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Concurrency limit for mapped instances: an integer or a template string; null means the run's limit.</summary>
    public object? MaxWorkers { get; init; }

    /// <summary>Retry and timeout settings; unset members come from the pipeline's <c>defaults</c>.</summary>
    public TaskPolicy Policy { get; init; } = new();

    /// <summary>A key of the pipeline's <c>models</c>, or null.</summary>
    public string? Model { get; init; }

    /// <summary>A named concurrency pool, or null.</summary>
    public string? Pool { get; init; }

    /// <summary>Higher runs first when several tasks are ready. The default is 0.</summary>
    public int Priority { get; init; }

    /// <summary>
    /// <c>sla.max_duration</c>: wall time from the task's first attempt starting until it ends (retries included)
    /// before an SLA miss is recorded and alerted; null means none.
    /// </summary>
    public TimeSpan? SlaMaxDuration { get; init; }

    /// <summary>When the task may start given its dependencies' states. The default is all_success.</summary>
    public TriggerRule TriggerRule { get; init; } = TriggerRule.AllSuccess;

    internal static readonly IReadOnlyDictionary<string, object?> EmptyMap = new Dictionary<string, object?>();
}
