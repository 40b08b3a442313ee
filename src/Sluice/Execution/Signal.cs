using Sluice.Execution.Semantics;

namespace Sluice.Execution;

/// <summary>What an attempt (or the run's cancellation, or a retry timer) reports to the coordinator.</summary>
internal sealed record Signal
{
    public SignalKind Kind { get; init; }
    public TaskNode? Node { get; init; }
    public int Item { get; init; } = -1;
    public int Attempt { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public IReadOnlyDictionary<string, object?>? Outputs { get; init; }
    public string? OutputsJson { get; init; }
    public IReadOnlyList<Lineage.LineageRecord> Lineage { get; init; } = [];

    /// <summary>The pool a <see cref="SignalKind.PoolFreed"/> wake-up is about.</summary>
    public string? Pool { get; init; }

    /// <summary>The source marks a success earned, committed with it.</summary>
    public IReadOnlyList<State.SourceMarkRecord> Marks { get; init; } = [];

    /// <summary>What the attempt used of the machine.</summary>
    public State.ResourceUsage? Usage { get; init; }

    /// <summary>The classified failure of a failed attempt.</summary>
    public AttemptFailure? Failure { get; init; }
}
