using Sluice.Actions;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.Definition.Building;

/// <summary>
/// Builds a <see cref="PipelineDefinition"/> in C#. Produces the same immutable definition (and the same
/// content hash) as the equivalent YAML; <see cref="Build"/> runs the same validation.
/// </summary>
public sealed class PipelineBuilder
{
    private readonly List<InputDefinition> _inputs = [];
    private readonly List<ModelDefinition> _models = [];
    private readonly Dictionary<string, object?> _context = new(StringComparer.Ordinal);
    private readonly List<TriggerDefinition> _triggers = [];
    private readonly List<TaskBuilder> _tasks = [];
    private readonly Dictionary<string, IAction> _inline = new(StringComparer.Ordinal);
    private readonly List<string> _tags = [];
    private readonly Dictionary<string, object?> _extra = new(StringComparer.Ordinal);
    private PipelineDefinition _definition;
    private string? _description;
    private string? _author;

    internal PipelineBuilder(string id) => _definition = new PipelineDefinition { Id = id };

    /// <summary>Sets the display name.</summary>
    public PipelineBuilder Name(string name) => Set(_definition with { Name = name });

    /// <summary>Sets the version label.</summary>
    public PipelineBuilder Version(string version) => Set(_definition with { Version = version });

    /// <summary>Sets <c>metadata.description</c>.</summary>
    public PipelineBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Sets <c>metadata.author</c>.</summary>
    public PipelineBuilder Author(string author)
    {
        _author = author;
        return this;
    }

    /// <summary>Adds <c>metadata.tags</c>.</summary>
    public PipelineBuilder Tags(params string[] tags)
    {
        _tags.AddRange(tags);
        return this;
    }

    /// <summary>Sets another metadata key.</summary>
    public PipelineBuilder Metadata(string key, object? value)
    {
        _extra[key] = ValueNormalizer.Normalize(value);
        return this;
    }

    /// <summary>Declares an input. A non-null <paramref name="defaultValue"/> is its default.</summary>
    public PipelineBuilder Input(string name, InputType type = InputType.Any, object? defaultValue = null, bool required = false,
        IEnumerable<object?>? allowedValues = null, string? description = null)
    {
        var allowed = allowedValues?.Select(ValueNormalizer.Normalize).ToList();
        _inputs.Add(new InputDefinition(name, type, ValueNormalizer.Normalize(defaultValue), defaultValue is not null, required, allowed, description));
        return this;
    }

    /// <summary>Declares a model; <paramref name="settings"/> holds every other key (temperature...).</summary>
    public PipelineBuilder Model(string name, string provider, string model, IReadOnlyDictionary<string, object?>? settings = null)
    {
        _models.Add(new ModelDefinition(name, provider, model, ValueNormalizer.Map(settings ?? TaskDefinition.EmptyMap)));
        return this;
    }

    /// <summary>Sets a <c>context</c> value (a literal or a template over <c>inputs</c>).</summary>
    public PipelineBuilder Context(string key, object? value)
    {
        _context[key] = ValueNormalizer.Normalize(value);
        return this;
    }

    /// <summary>Adds a cron trigger; <paramref name="timezone"/> is an IANA id (UTC when null).</summary>
    public PipelineBuilder Schedule(string cron, string? timezone = null)
    {
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal) { ["cron"] = cron };
        if (timezone is not null)
        {
            settings["timezone"] = timezone;
        }
        return Trigger("cron", settings);
    }

    /// <summary>Adds a trigger of any type with its settings, as in YAML.</summary>
    public PipelineBuilder Trigger(string type, IReadOnlyDictionary<string, object?> settings)
    {
        _triggers.Add(new TriggerDefinition(type, ValueNormalizer.Map(settings)));
        return this;
    }

    /// <summary>Sets pipeline-wide retry and timeout defaults; null arguments leave a setting unset.</summary>
    public PipelineBuilder Defaults(int? retries = null, TimeSpan? retryDelay = null, BackoffKind? backoff = null, TimeSpan? maxRetryDelay = null, TimeSpan? timeout = null) =>
        Set(_definition with { Defaults = new TaskPolicy(retries, retryDelay, backoff, maxRetryDelay, timeout) });

    /// <summary>Sets <c>defaults.max_active_tasks</c>.</summary>
    public PipelineBuilder MaxActiveTasks(int count) => Set(_definition with { MaxActiveTasks = count });

    /// <summary>Sets <c>max_active_runs</c> and what happens to a run beyond it (<c>on_limit</c>; the default queues it).</summary>
    public PipelineBuilder MaxActiveRuns(int count, RunLimitAction onLimit = RunLimitAction.Queue) =>
        Set(_definition with { MaxActiveRuns = count, MaxActiveRunsOnLimit = onLimit });

    /// <summary>Sets <c>concurrency</c>: at most <paramref name="limit"/> runs per rendered <paramref name="key"/> (a template over inputs).</summary>
    public PipelineBuilder Concurrency(string key, int limit = 1) => Set(_definition with { Concurrency = new ConcurrencySettings(key, limit) });

    /// <summary>Sets <c>sla.max_duration</c>.</summary>
    public PipelineBuilder Sla(TimeSpan maxDuration) => Set(_definition with { SlaMaxDuration = maxDuration });

    /// <summary>Sets <c>sla.done_by</c> and <c>sla.timezone</c>: when a scheduled run must have ended (see <see cref="SlaDoneBy"/>).</summary>
    public PipelineBuilder DoneBy(TimeOnly at, string timeZone = "UTC") => Set(_definition with { SlaDoneBy = new SlaDoneBy(at, timeZone) });

    /// <summary>Adds a task running the registered action <paramref name="action"/>.</summary>
    public PipelineBuilder Task(string id, string action, Action<TaskBuilder>? configure = null)
    {
        var task = new TaskBuilder(id, action);
        configure?.Invoke(task);
        _tasks.Add(task);
        return this;
    }

    /// <summary>Adds a task running <paramref name="run"/>; the dictionary it returns becomes the task's outputs.</summary>
    public PipelineBuilder Task(string id, Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> run, string? dependsOn = null, Action<TaskBuilder>? configure = null) =>
        Inline(id, new DelegateAction(InlineName(id), run), dependsOn, configure);

    /// <summary>Adds a task running <paramref name="run"/>, which produces no outputs.</summary>
    public PipelineBuilder Task(string id, Func<ActionContext, CancellationToken, Task> run, string? dependsOn = null, Action<TaskBuilder>? configure = null) =>
        Inline(id, new DelegateAction(InlineName(id), run), dependsOn, configure);

    /// <summary>The definition without validation (for tools that report diagnostics themselves).</summary>
    public PipelineDefinition ToDefinition() => _definition with
    {
        Metadata = _description is null && _author is null && _tags.Count == 0 && _extra.Count == 0
            ? PipelineMetadata.Empty
            : new PipelineMetadata(_description, _author, [.. _tags], new Dictionary<string, object?>(_extra, StringComparer.Ordinal)),
        Inputs = [.. _inputs],
        Models = [.. _models],
        Context = new Dictionary<string, object?>(_context, StringComparer.Ordinal),
        Triggers = [.. _triggers],
        Tasks = [.. _tasks.Select(static t => t.Build())],
        InlineActions = new Dictionary<string, IAction>(_inline, StringComparer.Ordinal),
    };

    /// <summary>Builds and validates the definition against <paramref name="actions"/> and the inline delegates.</summary>
    /// <exception cref="DefinitionException">The definition has at least one error; carries every diagnostic.</exception>
    public PipelineDefinition Build(ActionRegistry actions)
    {
        var definition = ToDefinition();
        var diagnostics = PipelineValidator.Validate(definition, actions);
        if (diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new DefinitionException(diagnostics);
        }
        return definition;
    }

    private static string InlineName(string id) => "csharp:" + id;

    private PipelineBuilder Inline(string id, DelegateAction action, string? dependsOn, Action<TaskBuilder>? configure)
    {
        _inline[action.Descriptor.Name] = action;
        return Task(id, action.Descriptor.Name, t =>
        {
            if (dependsOn is not null)
            {
                t.DependsOn(dependsOn);
            }
            configure?.Invoke(t);
        });
    }

    private PipelineBuilder Set(PipelineDefinition definition)
    {
        _definition = definition;
        return this;
    }
}
