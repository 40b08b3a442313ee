using System.Text.Json;
using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>
/// A run; <c>Result</c> is the pipeline's stored <c>result</c> as a JSON value (null when it has none); <c>Processing</c>
/// is a data pipeline's processing report (<see cref="Sluice.DataActions.Reporting.ProcessingReport"/>); <c>AutoDecisions</c>
/// and <c>ModelUsage</c> are what the run did with models (<see cref="RunModelActivity"/>); <c>SlaMisses</c> are the run's
/// missed SLAs (<see cref="SlaMissRecord"/>). The last four are in the one-run view only.
/// </summary>
internal sealed record RunDto(
    string RunId, string PipelineId, string Version, string State, string Trigger, DateTimeOffset? LogicalDate,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, JsonElement? Inputs, JsonElement? Result, string? WaitingFor, JsonElement? Processing = null,
    JsonElement? AutoDecisions = null, JsonElement? ModelUsage = null, IReadOnlyList<SlaMissDto>? SlaMisses = null)
{
    public static RunDto From(RunRecord r, bool withInputs, string? waitingFor = null, string? processingJson = null) =>
        new(r.RunId, r.PipelineId, r.VersionHash, r.State.ToName(), r.Trigger, r.LogicalDate, r.CreatedAt, r.StartedAt, r.EndedAt, r.Error,
            withInputs ? Parse(r.InputsJson) : null, r.ResultJson is { } result ? Parse(result) : null, waitingFor, processingJson is null ? null : Parse(processingJson));

    /// <summary>This run view with <paramref name="models"/> as <c>AutoDecisions</c> and <c>ModelUsage</c>.</summary>
    public RunDto WithModels(RunModelActivity models)
    {
        ArgumentNullException.ThrowIfNull(models);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            models.WriteJsonProperties(w);
            w.WriteEndObject();
        }
        var root = JsonSerializer.Deserialize<JsonElement>(ms.ToArray());
        return this with { AutoDecisions = root.GetProperty("auto_decisions"), ModelUsage = root.GetProperty("model_usage") };
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
