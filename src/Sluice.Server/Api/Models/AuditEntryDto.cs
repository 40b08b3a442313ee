using Sluice.Operators;

namespace Sluice.Server.Api.Models;

/// <summary>One entry of the audit trail.</summary>
internal sealed record AuditEntryDto(long Sequence, DateTimeOffset At, string Actor, string Action, string? PipelineId, string? RunId, string? Detail)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.Sequence, e.At, e.Actor, e.Action, e.PipelineId, e.RunId, e.Detail);
}
