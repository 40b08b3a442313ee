namespace Sluice.Streaming;

/// <summary>A streaming task instance that has checkpoints in the store, whichever process runs it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The streaming task.</param>
/// <param name="MapIndex">The item of a <c>for_each</c> task, or -1.</param>
public sealed record CheckpointedTask(string RunId, string TaskId, int MapIndex);
