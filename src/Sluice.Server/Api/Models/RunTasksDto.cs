namespace Sluice.Server.Api.Models;

/// <summary>The tasks of a run with the run's state: what the run page polls for live updates.</summary>
internal sealed record RunTasksDto(string RunId, string State, bool Live, string? WaitingFor, IReadOnlyList<TaskDto> Tasks);
