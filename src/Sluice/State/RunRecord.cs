namespace Sluice.State;

/// <summary>A run of a pipeline version.</summary>
public sealed record RunRecord
{
    /// <summary>Unique, sortable by creation time.</summary>
    public required string RunId { get; init; }
    /// <summary>The pipeline's id.</summary>
    public required string PipelineId { get; init; }
    /// <summary>The definition version that runs.</summary>
    public required string VersionHash { get; init; }
    /// <summary>Current state.</summary>
    public RunState State { get; init; }
    /// <summary>Bound inputs as a JSON object.</summary>
    public string InputsJson { get; init; } = "{}";
    /// <summary>The schedule's logical date, or null for manual runs.</summary>
    public DateTimeOffset? LogicalDate { get; init; }
    /// <summary>What started it: <c>manual</c>, <c>cron</c>, <c>api</c>, <c>backfill</c>...</summary>
    public string Trigger { get; init; } = "manual";
    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When execution started (first time), or null.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a final state, or null.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Why it failed or was cancelled, or null.</summary>
    public string? Error { get; init; }
    /// <summary>
    /// The pipeline's <c>result</c> of a succeeded run as compact JSON text (what <c>sluice run</c> prints), written in
    /// the commit that marks the run succeeded; null when the run has not succeeded or the pipeline has no <c>result</c>.
    /// </summary>
    public string? ResultJson { get; init; }
    /// <summary>The process holding the execution lease (<c>host:pid:nonce</c>), or null.</summary>
    public string? LeaseOwner { get; init; }
    /// <summary>When the lease lapses unless renewed.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
}
