using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>One task of a run as shown by the API and the UI: a mapped task is one entry with item counts.</summary>
internal sealed record TaskView
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    public IReadOnlyList<string> Dependencies { get; init; } = [];
    public TaskState State { get; init; }
    public int Attempts { get; init; }
    public int? Items { get; init; }
    public int ItemsSucceeded { get; init; }
    public int ItemsFailed { get; init; }
    public int ItemsRunning { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? Error { get; init; }
    public string? OutputsJson { get; init; }

    /// <summary>Why a task that is not running is not running yet; null when it runs or ended.</summary>
    public string? WaitingFor { get; init; }
}
