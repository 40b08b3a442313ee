using Sluice.Data.Columns;

namespace Sluice.Data.Csv;

/// <summary>A run of whole records (pooled bytes), its position in the file, and its sequence number.</summary>
internal sealed class CsvChunk(byte[] buffer, int length, long firstLine, int index, bool isLast) : IDisposable
{
    private byte[] _buffer = buffer;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);

    public long FirstLine { get; } = firstLine;

    public int Index { get; } = index;

    public bool IsLast { get; } = isLast;

    public void Dispose()
    {
        Buffers.Return(_buffer);
        _buffer = [];
    }
}
