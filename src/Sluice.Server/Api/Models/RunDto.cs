using System.Text.Json;
using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>
/// A run; <c>Result</c> is the pipeline's stored <c>result</c> as a JSON value (null when it has none); <c>Processing</c>
/// is a data pipeline's processing report (<see cref="Sluice.DataActions.Reporting.ProcessingReport"/>), in the one-run view only.
/// </summary>
internal sealed record RunDto(
    string RunId, string PipelineId, string Version, string State, string Trigger, DateTimeOffset? LogicalDate,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, JsonElement? Inputs, JsonElement? Result, string? WaitingFor, JsonElement? Processing = null)
{
    public static RunDto From(RunRecord r, bool withInputs, string? waitingFor = null, string? processingJson = null) =>
        new(r.RunId, r.PipelineId, r.VersionHash, r.State.ToName(), r.Trigger, r.LogicalDate, r.CreatedAt, r.StartedAt, r.EndedAt, r.Error,
            withInputs ? Parse(r.InputsJson) : null, r.ResultJson is { } result ? Parse(result) : null, waitingFor, processingJson is null ? null : Parse(processingJson));

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
