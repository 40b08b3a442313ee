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

    /// <summary>How the attempt ended: succeeded, or as its <see cref="Failure"/> says.</summary>
    public AttemptEnd Kind => Failure?.End ?? AttemptEnd.Succeeded;

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public IReadOnlyDictionary<string, object?>? Outputs { get; init; }
    public string? OutputsJson { get; init; }

    /// <summary>The datasets a succeeded attempt read and wrote.</summary>
    public IReadOnlyList<Lineage.LineageRecord> Lineage { get; init; } = [];
    /// <summary>The source marks a success earned, committed in the transaction that records it.</summary>
    public IReadOnlyList<SourceMarkRecord> Marks { get; init; } = [];

    /// <summary>What the attempt used of the machine (null when the worker never ran it).</summary>
    public ResourceUsage? Usage { get; init; }

    /// <summary>The classified failure (error redacted), or null when the attempt succeeded.</summary>
    public AttemptFailure? Failure { get; init; }

    /// <summary>The failure's error, or null.</summary>
    public string? Error => Failure?.Error;

    public IReadOnlyList<LogRecord> Logs { get; init; } = [];

    /// <summary>The worker that ran the attempt, when not the one committing it (a dead worker's stranded item).</summary>
    public string? Worker { get; init; }
}
