namespace Sluice.Distributed;

/// <summary>A queue job as stored.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Name">The handler name.</param>
/// <param name="State">Its state.</param>
/// <param name="Attempt">Attempts started so far.</param>
/// <param name="ResultJson">The result as JSON once succeeded, else null.</param>
/// <param name="Error">The last error, or null.</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="EndedAt">When it reached a final state, or null.</param>
public sealed record JobRecord(long Id, string Name, JobState State, int Attempt, string? ResultJson, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt);
