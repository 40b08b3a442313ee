namespace Sluice.Operators;

/// <summary>A pipeline whose schedules (cron and interval triggers) an operator paused.</summary>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="PausedAt">When.</param>
/// <param name="PausedBy">Who (see <see cref="AuditEntry.Actor"/>).</param>
public sealed record PipelinePause(string PipelineId, DateTimeOffset PausedAt, string PausedBy);
