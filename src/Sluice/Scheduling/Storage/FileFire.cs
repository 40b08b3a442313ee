namespace Sluice.Scheduling.Storage;

/// <summary>One file seen by a <c>type: file</c> trigger, in the state that fired (or is firing) a run.</summary>
/// <param name="PipelineId">The pipeline the trigger belongs to.</param>
/// <param name="TriggerIndex">The trigger's index in <c>triggers:</c>.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="Size">Its size in bytes when it fired.</param>
/// <param name="ModifiedTicks">Its last write time (UTC ticks) when it fired.</param>
/// <param name="RunId">The run it starts; the same file state always yields the same id.</param>
public sealed record FileFire(string PipelineId, int TriggerIndex, string Path, long Size, long ModifiedTicks, string RunId);
