using Sluice.Definition;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>A run with its tasks, from one run query and one task-instance query, merged with live executor state, and its SLA misses.</summary>
internal sealed record RunSnapshot(RunRecord Run, PipelineDefinition? Definition, IReadOnlyList<TaskView> Tasks, string? WaitingFor, bool IsLive, IReadOnlyList<SlaMissRecord>? SlaMisses = null);
