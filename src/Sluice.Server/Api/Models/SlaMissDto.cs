using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>One missed SLA of a run: the task (null for the run itself), its item (null when not mapped), which SLA, the deadline and when it was noticed.</summary>
internal sealed record SlaMissDto(string? TaskId, int? MapIndex, string Kind, DateTimeOffset Deadline, DateTimeOffset NoticedAt)
{
    public static SlaMissDto From(SlaMissRecord m) => new(m.TaskId, m.MapIndex >= 0 ? m.MapIndex : null, m.Kind, m.Deadline, m.NoticedAt);
}
