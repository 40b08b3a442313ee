namespace Sluice.Server.Api.Models;

/// <summary>A declared task: its action and dependencies.</summary>
internal sealed record TaskSpecDto(string Id, string? Name, string Action, IReadOnlyList<string> Dependencies, bool Mapped, string? Pool);
