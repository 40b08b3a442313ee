namespace Sluice.TaskQueue;

/// <summary>How a job is queued.</summary>
public sealed record EnqueueOptions
{
    /// <summary>Jobs that must succeed before this one runs; when one fails, this one fails too. The default is none.</summary>
    public IReadOnlyList<long> DependsOn { get; init; } = [];

    /// <summary>Higher runs first. The default is 0.</summary>
    public int Priority { get; init; }

    /// <summary>Retries after a failed attempt (exponential backoff with jitter). The default is 0.</summary>
    public int Retries { get; init; }

    /// <summary>The queue; workers may serve only some queues. The default is <c>default</c>.</summary>
    public string Queue { get; init; } = "default";

    /// <summary>Not run before this delay has passed. The default is none.</summary>
    public TimeSpan Delay { get; init; }
}
