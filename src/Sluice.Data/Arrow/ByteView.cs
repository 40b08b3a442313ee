using System.Buffers;
using System.Runtime.InteropServices;

namespace Sluice.Data.Arrow;

/// <summary>
/// The bytes of a pooled column buffer as <see cref="Memory{T}"/>, so an Arrow array can point at our buffer while it is
/// written instead of copying it. The column must outlive the write.
/// </summary>
internal sealed class ByteView<T>(T[] array, int length) : MemoryManager<byte>
    where T : unmanaged
{
    private GCHandle _pin;

    public static ReadOnlyMemory<byte> Of(T[] array, int length) => new ByteView<T>(array, length).Memory;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan(0, length));

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated)
        {
            _pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        }

        return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
