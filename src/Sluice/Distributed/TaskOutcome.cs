using Sluice.Execution;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>The end of one attempt of a pipeline task item, waiting to be committed.</summary>
internal sealed class TaskOutcome
{
    public required ClaimedWork Work { get; init; }
    public required RunContext Run { get; init; }
    public required TaskNode Node { get; init; }
    public required AttemptEnd Kind { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public IReadOnlyDictionary<string, object?>? Outputs { get; init; }
    public string? OutputsJson { get; init; }
    public string? Error { get; init; }
    public bool Transient { get; init; }

    /// <summary>True when the task asked to fail the whole run (<c>on_fail: fail_run</c>).</summary>
    public bool FailsRun { get; init; }
    public IReadOnlyList<LogRecord> Logs { get; init; } = [];

    /// <summary>The worker that ran the attempt, when not the one committing it (a dead worker's stranded item).</summary>
    public string? Worker { get; init; }
}
