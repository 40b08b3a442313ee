using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Testing.Files;

/// <summary>What a test's run must produce; each entry keeps where it was written, so a failure points at it.</summary>
public sealed record TestExpectation
{
    /// <summary>The run's final state (<c>state:</c>). The default is succeeded.</summary>
    public RunState State { get; init; } = RunState.Succeeded;

    /// <summary>Where <see cref="State"/> was written, or no position for the default.</summary>
    public SourceLocation StateLocation { get; init; }

    /// <summary>Text the run's error must contain (<c>error:</c>), or null.</summary>
    public (string Text, SourceLocation Location)? Error { get; init; }

    /// <summary>Final states of tasks (<c>tasks:</c>).</summary>
    public IReadOnlyList<(string TaskId, TaskState State, SourceLocation Location)> Tasks { get; init; } = [];

    /// <summary>The pipeline's <c>result</c> (<c>result:</c>), or null when not checked.</summary>
    public ExpectedValue? Result { get; init; }

    /// <summary>Task outputs (<c>outputs:</c>, keyed <c>task.output</c>): a dataset output compares rows, a map its listed keys, a value itself.</summary>
    public IReadOnlyList<(string TaskId, string Output, ExpectedValue Value)> Outputs { get; init; } = [];

    /// <summary>Files the run must leave in the workspace with this content (<c>files:</c>).</summary>
    public IReadOnlyList<(string Path, string Content, SourceLocation Location)> Files { get; init; } = [];
}
