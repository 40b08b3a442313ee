using Sluice.Definition;

namespace Sluice.Server.Runs;

/// <summary>A run waiting for an execution slot: a new run or a resumption (the executor treats both alike).</summary>
/// <param name="RunId">The run.</param>
/// <param name="PipelineId">Its pipeline.</param>
/// <param name="Definition">The definition version it executes with.</param>
/// <param name="Sequence">Its place in the line (older first).</param>
/// <param name="ConcurrencyKey">Its rendered <c>concurrency.key</c>, or null when the pipeline has none.</param>
internal sealed record QueuedRun(string RunId, string PipelineId, PipelineDefinition Definition, long Sequence, string? ConcurrencyKey = null);
