namespace Sluice.State;

/// <summary>One stored version of a pipeline definition, identified by the hash of its canonical form.</summary>
/// <param name="PipelineId">The pipeline's id.</param>
/// <param name="Hash">SHA-256 (hex) of the canonical definition.</param>
/// <param name="Name">Display name.</param>
/// <param name="VersionLabel">The author's <c>version</c> text.</param>
/// <param name="SourceText">The YAML (or a canonical JSON for C# definitions).</param>
/// <param name="SourcePath">The file it was loaded from, if any.</param>
/// <param name="CreatedAt">When this version was first stored.</param>
public sealed record PipelineVersionRecord(string PipelineId, string Hash, string? Name, string? VersionLabel, string SourceText, string? SourcePath, DateTimeOffset CreatedAt);
