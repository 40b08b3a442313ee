using System.Buffers;

namespace Sluice.Expressions;

/// <summary>A growing byte buffer that refuses to grow past a bound: a writer stops as soon as its output is too large.</summary>
internal sealed class BoundedBufferWriter(int maxBytes) : IBufferWriter<byte>
{
    private readonly ArrayBufferWriter<byte> _inner = new();

    public int Length => _inner.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _inner.WrittenSpan;

    public void Advance(int count)
    {
        _inner.Advance(count);
        if (_inner.WrittenCount > maxBytes)
        {
            throw new FullException();
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Check(sizeHint);
        return _inner.GetMemory(sizeHint);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Check(sizeHint);
        return _inner.GetSpan(sizeHint);
    }

    private void Check(int sizeHint)
    {
        if ((long)_inner.WrittenCount + sizeHint > (long)maxBytes + 4096)
        {
            throw new FullException();
        }
    }

    /// <summary>Thrown when the bound is passed; the caller reports it as a limit.</summary>
    public sealed class FullException : Exception
    {
    }
}
