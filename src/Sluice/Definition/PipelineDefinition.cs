namespace Sluice.Definition;

/// <summary>
/// A validated pipeline: the single immutable form that both the YAML loader and the C# builder
/// produce. Run plans, the executor and the stores work from this type only.
/// </summary>
public sealed record PipelineDefinition
{
    /// <summary>Identifier, <c>[a-z0-9_-]+</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name; defaults to the id.</summary>
    public string? Name { get; init; }

    /// <summary>The author's version label (free text); the content hash identifies the exact definition.</summary>
    public string? Version { get; init; }

    /// <summary>Descriptive metadata.</summary>
    public PipelineMetadata Metadata { get; init; } = PipelineMetadata.Empty;

    /// <summary>Declared inputs, in declaration order.</summary>
    public IReadOnlyList<InputDefinition> Inputs { get; init; } = [];

    /// <summary>Declared models.</summary>
    public IReadOnlyList<ModelDefinition> Models { get; init; } = [];

    /// <summary>The <c>context</c> block: values (possibly templates over <c>inputs</c>) available as <c>context.*</c>.</summary>
    public IReadOnlyDictionary<string, object?> Context { get; init; } = TaskDefinition.EmptyMap;

    /// <summary>Triggers; used by <c>sluice serve</c>.</summary>
    public IReadOnlyList<TriggerDefinition> Triggers { get; init; } = [];

    /// <summary>Pipeline-wide retry/timeout defaults for tasks.</summary>
    public TaskPolicy Defaults { get; init; } = new();

    /// <summary>Maximum task instances running at once in one run; null means the executor's default.</summary>
    public int? MaxActiveTasks { get; init; }

    /// <summary>
    /// Runs of this pipeline executing at once in a <c>sluice serve</c>; further runs stay queued until one ends (runs
    /// of other pipelines pass them). Null means no limit beyond the server's.
    /// </summary>
    public int? MaxActiveRuns { get; init; }

    /// <summary>
    /// What happens to a new run beyond <see cref="MaxActiveRuns"/> (<c>max_active_runs: {limit, on_limit}</c>): it
    /// waits, or, when that many runs of the pipeline are already queued or executing, it is recorded as skipped. The
    /// default is <see cref="RunLimitAction.Queue"/>.
    /// </summary>
    public RunLimitAction MaxActiveRunsOnLimit { get; init; }

    /// <summary>
    /// Runs executing at once per rendered key in a <c>sluice serve</c> (<c>concurrency: {key, limit}</c>), such as one
    /// run per customer; null means no key limit.
    /// </summary>
    public ConcurrencySettings? Concurrency { get; init; }

    /// <summary>Maximum wall time for a run before an SLA alert; null means none.</summary>
    public TimeSpan? SlaMaxDuration { get; init; }

    /// <summary><c>sla.done_by</c> with its time zone: when a scheduled run must have ended; null means none.</summary>
    public SlaDoneBy? SlaDoneBy { get; init; }

    /// <summary>
    /// The run's result: a value (usually a template over task outputs) evaluated when the run succeeds,
    /// printed by <c>sluice run</c> as one compact JSON line on stdout; null means none.
    /// </summary>
    public object? Result { get; init; }

    /// <summary>Tasks in declaration order.</summary>
    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];

    /// <summary>Where each part came from (file:line:col), keyed by path such as <c>tasks[2].parameters.source</c>; empty for C# definitions.</summary>
    public SourceMap Source { get; init; } = SourceMap.Empty;

    /// <summary>Actions defined inline by C# delegates, keyed by action name; empty for YAML.</summary>
    public IReadOnlyDictionary<string, Actions.IAction> InlineActions { get; init; } = new Dictionary<string, Actions.IAction>();
}
