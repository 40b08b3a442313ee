using System.Text.Json;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>A task of a run; a mapped task is one entry with item counts.</summary>
internal sealed record TaskDto(
    string Id, string? Name, string? Action, IReadOnlyList<string> Dependencies, string State, int Attempts,
    int? Items, int ItemsSucceeded, int ItemsFailed, int ItemsRunning, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    string? Error, JsonElement? Outputs, string? WaitingFor)
{
    public static TaskDto From(TaskView t) =>
        new(t.Id, t.Name, t.Action, t.Dependencies, t.State.ToName(), t.Attempts, t.Items, t.ItemsSucceeded, t.ItemsFailed, t.ItemsRunning,
            t.StartedAt, t.EndedAt, t.Error, t.OutputsJson is null ? null : JsonDocument.Parse(t.OutputsJson).RootElement.Clone(), t.WaitingFor);
}
