namespace Sluice.Streaming;

/// <summary>
/// One consistent checkpoint of a streaming task: where each source partition had been read to, the operator state
/// (open windows, watermark) and the sink's transaction state, taken at the same point of the stream.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The streaming task.</param>
/// <param name="MapIndex">The item index of a <c>for_each</c> task; -1 otherwise.</param>
/// <param name="Sequence">1 for the first checkpoint of the task in the run, then increasing by one.</param>
/// <param name="Offsets">The source offsets as JSON (partition → offset), readable by people.</param>
/// <param name="State">The operator and sink state, in the streaming engine's own binary format.</param>
/// <param name="CreatedAt">When it was committed.</param>
public sealed record StreamCheckpoint(string RunId, string TaskId, int MapIndex, long Sequence, string Offsets, byte[] State, DateTimeOffset CreatedAt);
