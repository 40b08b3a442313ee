using Sluice.Definition;
using Sluice.Files;

namespace Sluice.Actions;

/// <summary>Everything an attempt of an action can see.</summary>
public sealed class ActionContext
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The pipeline's id (empty when the action is called outside a run).</summary>
    public string PipelineId { get; init; } = string.Empty;

    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The item index for a <c>for_each</c> task; -1 otherwise.</summary>
    public int MapIndex { get; init; } = -1;

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Rendered parameter values (defaults applied); <see cref="AutoValue"/> where the action must choose.</summary>
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    /// <summary>The task's log.</summary>
    public required ITaskLog Log { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// A folder private to this attempt (run, task, item, attempt) for artifacts (datasets) it produces. Not
    /// created in advance: an action creates it when it writes. Outputs pointing into it become durable
    /// with the task's success.
    /// </summary>
    public required string ArtifactDirectory { get; init; }

    /// <summary>
    /// The folders the action may read and write files in; check every path from parameters before opening or creating
    /// it. The default is <see cref="PathPolicy.Unrestricted"/>.
    /// </summary>
    public PathPolicy Files { get; init; } = PathPolicy.Unrestricted;

    /// <summary>
    /// Where files are: local paths, and object stores (<c>s3://</c>) reached through a local copy; the artifact store
    /// artifacts are published to. The default is <see cref="FileStorage.Local"/>.
    /// </summary>
    public FileStorage Storage { get; init; } = FileStorage.Local;

    /// <summary>The model configured for this task, or null.</summary>
    public ModelDefinition? Model { get; init; }

    /// <summary>The committed marks of the task's incremental sources. The default is <see cref="SourceMarks.None"/>.</summary>
    public SourceMarks Marks { get; init; } = SourceMarks.None;

    /// <summary>Where the action reports the rows it processes while it runs (for live views). The default is a fresh counter no one reads.</summary>
    public TaskProgress Progress { get; init; } = new();

    /// <summary>Application services (for actions registered from C#); may be null.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>The parameter <paramref name="name"/>, or null when absent.</summary>
    public object? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;
}
