using Sluice.State;

namespace Sluice.Execution;

/// <summary>The result of executing (or resuming) a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="PipelineId">Its pipeline.</param>
/// <param name="State">Succeeded, failed or cancelled.</param>
/// <param name="Tasks">Final state per task id (a mapped task counts once).</param>
/// <param name="Error">The first failure, or null.</param>
/// <param name="StartedAt">When this execution began.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record RunOutcome(string RunId, string PipelineId, RunState State, IReadOnlyDictionary<string, TaskState> Tasks, string? Error, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    /// <summary>Outputs per task id: the output map of an unmapped task, or per output name the list over items; null when skipped or failed.</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; init; } = new Dictionary<string, object?>();

    /// <summary>The pipeline's <c>result</c> evaluated after success, or null.</summary>
    public object? Result { get; init; }

    /// <summary>True when the pipeline declares a <c>result</c> and the run succeeded.</summary>
    public bool HasResult { get; init; }

    /// <summary>Wall time of this execution.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;
}
