namespace Sluice.Scheduling.Storage;

/// <summary>A recorded fire and what became of its delivery.</summary>
/// <param name="Fire">The fire (its <see cref="ScheduledFire.Attempt"/> is the next delivery's number when still pending).</param>
/// <param name="RecordedAt">When it was recorded, just before the first delivery.</param>
/// <param name="CompletedAt">When the host's callback completed successfully, or null while pending.</param>
/// <param name="Attempts">How many deliveries were started so far.</param>
/// <param name="LastError">The last delivery failure, or null.</param>
public sealed record FireRecord(ScheduledFire Fire, DateTimeOffset RecordedAt, DateTimeOffset? CompletedAt, int Attempts, string? LastError);
