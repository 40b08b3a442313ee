using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Server.Catalog;

/// <summary>
/// One pipeline file as the server sees it: the last version that validated (which new runs use) and
/// the diagnostics of the latest load, which may be newer and failing.
/// </summary>
public sealed record PipelineEntry
{
    /// <summary>The pipeline id: the active definition's, else the <c>id:</c> read from the file, else the file name.</summary>
    public required string Id { get; init; }

    /// <summary>The file's full path.</summary>
    public required string FilePath { get; init; }

    /// <summary>The last version that validated, or null when the file never did.</summary>
    public ActivePipeline? Active { get; init; }

    /// <summary>Errors and warnings of the latest load, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when the latest load succeeded; false means <see cref="Active"/> (if any) is an older version.</summary>
    public bool IsValid { get; init; }

    /// <summary>When the file was last loaded.</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>Versions that validated since the server started, newest first.</summary>
    public IReadOnlyList<PipelineVersionRecord> Versions { get; init; } = [];
}
