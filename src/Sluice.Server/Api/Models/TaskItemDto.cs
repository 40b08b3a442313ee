using System.Text.Json;
using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>One item of a <c>for_each</c> task: its state, latest attempt (attempts − 1 are retries), times and error.</summary>
internal sealed record TaskItemDto(int Index, string State, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds, string? Error, JsonElement? Outputs)
{
    public static TaskItemDto From(TaskInstanceRecord r) =>
        new(r.MapIndex, r.State.ToName(), r.Attempt, r.StartedAt, r.EndedAt, r is { StartedAt: { } s, EndedAt: { } e } ? (e - s).TotalSeconds : null, r.Error,
            r.OutputsJson is null ? null : JsonDocument.Parse(r.OutputsJson).RootElement.Clone());
}
