namespace Sluice.Server.Api.Models;

/// <summary>A served pipeline in the list: validation status, triggers, the next scheduled fire (null without cron/interval triggers), recent runs.</summary>
internal sealed record PipelineSummaryDto(
    string Id, string? Name, string File, bool Valid, string? ActiveVersion, string? VersionLabel,
    IReadOnlyList<string> Triggers, DateTimeOffset? NextFireAt, IReadOnlyList<DiagnosticDto> Diagnostics, IReadOnlyList<RunDto> LastRuns);
