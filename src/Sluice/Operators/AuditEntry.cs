namespace Sluice.Operators;

/// <summary>One action of an operator, kept in the store's audit trail.</summary>
/// <param name="Sequence">Store-assigned order (0 before storing).</param>
/// <param name="At">When it was done.</param>
/// <param name="Actor">Who did it: how they authenticated and from where (<c>ui 127.0.0.1</c>, <c>api token 10.0.0.5</c>, <c>cli alice@host</c>).</param>
/// <param name="Action">What: <c>trigger</c>, <c>cancel</c>, <c>resume</c>, <c>clear</c>, <c>mark</c>, <c>pause</c>, <c>unpause</c>, <c>backfill</c>.</param>
/// <param name="PipelineId">The pipeline, or null.</param>
/// <param name="RunId">The run, or null.</param>
/// <param name="Detail">The action's arguments for people (tasks, items, reason, date range), or null.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string? PipelineId, string? RunId, string? Detail);
