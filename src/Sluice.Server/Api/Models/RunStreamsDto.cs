namespace Sluice.Server.Api.Models;

/// <summary>The streaming tasks of a run and their progress (tasks that have not checkpointed yet are left out).</summary>
internal sealed record RunStreamsDto(string RunId, IReadOnlyList<StreamProgressDto> Streams);
