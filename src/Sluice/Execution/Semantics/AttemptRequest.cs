using Sluice.Actions;
using Sluice.Definition;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.Execution.Semantics;

/// <summary>One attempt of a task (or of one item of a mapped task), as any engine starts it.</summary>
internal sealed record AttemptRequest
{
    /// <summary>The pipeline the task belongs to (its id and models).</summary>
    public required PipelineDefinition Definition { get; init; }

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The task.</summary>
    public required TaskNode Node { get; init; }

    /// <summary>The item's index in a mapped task, or -1.</summary>
    public int Item { get; init; } = -1;

    /// <summary>The attempt number (1 for the first).</summary>
    public required int Attempt { get; init; }

    /// <summary>Where the attempt's log lines go.</summary>
    public required ITaskLog Log { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The root under which each attempt gets its own artifact folder.</summary>
    public required string ArtifactRoot { get; init; }

    /// <summary>The folders actions may read and write files in.</summary>
    public required PathPolicy Files { get; init; }

    /// <summary>Local files and object stores, and where artifacts are published.</summary>
    public FileStorage Storage { get; init; } = FileStorage.Local;

    /// <summary>Services the host gives actions (quality history, child runner, table providers, …).</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Loads the committed source marks of the task (<see cref="SourceMarks"/>); null when the engine has none.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<State.SourceMarkRecord>>>? Marks { get; init; }

    /// <summary>Where the action reports rows processed while it runs. The default is a counter no one reads.</summary>
    public TaskProgress Progress { get; init; } = new();

    /// <summary>Removes secret values from the recorded error.</summary>
    public required SecretRedactor Redactor { get; init; }

    /// <summary>Where an attempt whose action has an appetite waits for room on the machine.</summary>
    public ResourceGate Resources { get; init; } = ResourceGate.Machine;

    /// <summary>
    /// Builds the scope the parameters are rendered in (run values, and the item for a mapped task). It may read the
    /// store (a worker loads upstream outputs), so its failures are classified like the action's.
    /// </summary>
    public required Func<CancellationToken, ValueTask<IExpressionScope>> Scope { get; init; }

    /// <summary>Why the run is cancelled, asked when the engine's stop token fires; null means the engine stops without a run cancel (a worker shutting down).</summary>
    public required Func<string?> CancelReason { get; init; }
}
