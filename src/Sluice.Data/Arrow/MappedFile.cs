using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Sluice.Data.Arrow;

/// <summary>
/// A file mapped read-only into memory, exposed as <see cref="Memory{T}"/>: an Arrow reader over it points its arrays
/// at the page cache, so nothing is read or parsed until a column's bytes are copied into our buffers.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, int length)
    {
        _map = map;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    /// <exception cref="DataException">The file is missing, unreadable or 2 GiB or larger.</exception>
    public static MappedFile Open(string path)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > int.MaxValue)
            {
                // Memory<T> is indexed by int; ArrowIpcSource reads larger files through their footer instead.
                throw new DataException($"{path}: a file of {length} bytes is over the 2 GiB that can be mapped at once");
            }

            if (length == 0)
            {
                return new MappedFile(null, null, null, 0);
            }

            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedFile(map, view, pointer + view.PointerOffset, (int)length);
        }
        catch (FileNotFoundException ex)
        {
            throw new DataException($"{path}: file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read the file: {ex.Message}", isTransient: ex is IOException, ex);
        }
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }
}
