using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>One attempt of a task instance, with what it used of the machine (null while running or when not measured).</summary>
internal sealed record AttemptDto(string TaskId, int? Item, int Attempt, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    string? Error, string? Worker, ResourceUsageDto? Usage)
{
    public static AttemptDto From(AttemptRecord a) =>
        new(a.TaskId, a.MapIndex >= 0 ? a.MapIndex : null, a.Attempt, a.State.ToName(), a.StartedAt, a.EndedAt, a.Error, a.Worker,
            a.Usage is { } u ? ResourceUsageDto.From(u) : null);
}
