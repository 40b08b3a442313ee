namespace Sluice.Distributed;

/// <summary>A work item leased to a worker by <see cref="IWorkStore.ClaimAsync"/>.</summary>
public sealed record ClaimedWork
{
    /// <summary>The item's id.</summary>
    public required long Id { get; init; }

    /// <summary>Task instance or queue job.</summary>
    public required WorkKind Kind { get; init; }

    /// <summary>The queue it was claimed from.</summary>
    public required string Queue { get; init; }

    /// <summary>The attempt this claim starts (1 for the first).</summary>
    public required int Attempt { get; init; }

    /// <summary>How many earlier attempts ended because their worker lost its lease (crash, network loss).</summary>
    public int Lost { get; init; }

    /// <summary>For a task: the run.</summary>
    public string? RunId { get; init; }

    /// <summary>For a task: the task id.</summary>
    public string? TaskId { get; init; }

    /// <summary>For a task: the item index, or -1.</summary>
    public int MapIndex { get; init; } = -1;

    /// <summary>For a job: the handler name.</summary>
    public string? Name { get; init; }

    /// <summary>For a job: the arguments as JSON.</summary>
    public string? ArgsJson { get; init; }

    /// <summary>For a job: retries allowed after the first attempt.</summary>
    public int MaxRetries { get; init; }
}
