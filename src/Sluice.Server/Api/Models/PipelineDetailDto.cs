namespace Sluice.Server.Api.Models;

/// <summary>A served pipeline in detail.</summary>
internal sealed record PipelineDetailDto(
    string Id, string? Name, string? Description, string File, bool Valid, string? ActiveVersion, DateTimeOffset CheckedAt,
    IReadOnlyList<string> Triggers, IReadOnlyList<InputDto> Inputs, IReadOnlyList<TaskSpecDto> Tasks,
    IReadOnlyList<VersionDto> Versions, IReadOnlyList<DiagnosticDto> Diagnostics, IReadOnlyList<RunDto> LastRuns);
