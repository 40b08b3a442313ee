using Sluice.Definition;

namespace Sluice.Server.Runs;

/// <summary>A run waiting for an execution slot: a new run or a resumption (the executor treats both alike).</summary>
internal sealed record QueuedRun(string RunId, string PipelineId, PipelineDefinition Definition, long Sequence);
