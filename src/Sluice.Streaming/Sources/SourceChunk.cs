namespace Sluice.Streaming.Sources;

/// <summary>
/// Complete lines of events received by a <see cref="PumpedSource"/>'s pump, each ending in a newline.
/// </summary>
/// <param name="Lines">The bytes of whole lines.</param>
/// <param name="Offset">The partition's offset once every line of the chunk is read (a message's stream sequence, an
/// LSN), or null when the source counts lines instead.</param>
internal sealed record SourceChunk(ReadOnlyMemory<byte> Lines, string? Offset = null);
