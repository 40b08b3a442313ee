namespace Sluice.Server.Api.Models;

/// <summary>A version of a pipeline that validated since the server started.</summary>
internal sealed record VersionDto(string Hash, string? Label, DateTimeOffset CreatedAt, bool Active);
