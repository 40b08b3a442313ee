namespace Sluice.Server.Api.Models;

/// <summary>A stored definition version of a pipeline (<c>GET /api/pipelines/{id}/versions</c>).</summary>
/// <param name="Number">1 for the oldest stored version.</param>
/// <param name="Hash">The content hash.</param>
/// <param name="Label">The author's <c>version</c> text, or null.</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="SourcePath">The file it was loaded from, or null.</param>
/// <param name="Active">True for the version the server runs now.</param>
internal sealed record StoredVersionDto(int Number, string Hash, string? Label, DateTimeOffset CreatedAt, string? SourcePath, bool Active);
