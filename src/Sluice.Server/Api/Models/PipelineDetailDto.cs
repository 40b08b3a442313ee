namespace Sluice.Server.Api.Models;

/// <summary>A served pipeline in detail; <c>NextFireAt</c> is the next cron/interval fire, or null.</summary>
internal sealed record PipelineDetailDto(
    string Id, string? Name, string? Description, string File, bool Valid, string? ActiveVersion, DateTimeOffset CheckedAt,
    IReadOnlyList<string> Triggers, DateTimeOffset? NextFireAt, IReadOnlyList<InputDto> Inputs, IReadOnlyList<TaskSpecDto> Tasks,
    IReadOnlyList<VersionDto> Versions, IReadOnlyList<DiagnosticDto> Diagnostics, IReadOnlyList<RunDto> LastRuns);
