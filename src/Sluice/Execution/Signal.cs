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
    public string? Error { get; init; }
    public bool Transient { get; init; }
    public bool Cancelled { get; init; }
    public bool FailsRun { get; init; }
}
