namespace Sluice.Server.Api.Models;

/// <summary>Every attempt of a run's tasks, in start order.</summary>
internal sealed record RunAttemptsDto(string RunId, IReadOnlyList<AttemptDto> Attempts);
