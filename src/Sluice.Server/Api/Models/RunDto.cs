using System.Text.Json;
using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>A run.</summary>
internal sealed record RunDto(
    string RunId, string PipelineId, string Version, string State, string Trigger, DateTimeOffset? LogicalDate,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, JsonElement? Inputs, string? WaitingFor)
{
    public static RunDto From(RunRecord r, bool withInputs, string? waitingFor = null) =>
        new(r.RunId, r.PipelineId, r.VersionHash, r.State.ToName(), r.Trigger, r.LogicalDate, r.CreatedAt, r.StartedAt, r.EndedAt, r.Error,
            withInputs ? JsonDocument.Parse(r.InputsJson).RootElement.Clone() : null, waitingFor);
}
