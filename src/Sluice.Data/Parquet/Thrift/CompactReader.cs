using System.Text;

namespace Sluice.Data.Parquet.Thrift;

/// <summary>
/// Reads Thrift compact protocol from a span. Every read is bounds-checked: running past the end or meeting a
/// malformed value throws <see cref="ThriftTruncatedException"/> (end of data, the caller may retry with more bytes)
/// or a <see cref="DataException"/> naming the file and absolute offset.
/// </summary>
internal ref struct CompactReader
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _file;
    private readonly long _baseOffset;
    private int _position;
    private short _lastField;
    private int _depth;
    private Span<short> _stack;
    private bool _pendingBool;

    public CompactReader(ReadOnlySpan<byte> data, string file, long baseOffset, Span<short> stack)
    {
        _data = data;
        _file = file;
        _baseOffset = baseOffset;
        _stack = stack;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    public void BeginStruct()
    {
        if (_depth >= MaxDepth || _depth >= _stack.Length)
        {
            throw Corrupt("structs nested too deeply");
        }

        _stack[_depth++] = _lastField;
        _lastField = 0;
    }

    public void EndStruct() => _lastField = _stack[--_depth];

    /// <summary>Reads the next field header; false at the struct's stop byte (the struct is then ended).</summary>
    public bool NextField(out short id, out CompactType type)
    {
        var header = ReadByte();
        if (header == 0)
        {
            id = 0;
            type = CompactType.Stop;
            EndStruct();
            return false;
        }

        type = (CompactType)(header & 0x0F);
        var delta = header >> 4;
        id = delta != 0 ? (short)(_lastField + delta) : (short)ReadZigZag32();
        if (type > CompactType.Struct)
        {
            throw Corrupt($"unknown Thrift type {(int)type} for field {id}");
        }

        _pendingBool = type == CompactType.BoolTrue;
        _lastField = id;
        return true;
    }

    /// <summary>The value of a boolean field (stored in its header).</summary>
    public readonly bool BoolFieldValue => _pendingBool;

    public int ReadI32() => ReadZigZag32();

    public long ReadI64() => ReadZigZag64();

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw new ThriftTruncatedException(_baseOffset + _position);
        }

        return _data[_position++];
    }

    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = ReadVarint();
        if (length > int.MaxValue)
        {
            throw Corrupt($"binary length {length} is too large");
        }

        if (_position + (long)length > _data.Length)
        {
            throw new ThriftTruncatedException(_baseOffset + _position + (long)length);
        }

        var span = _data.Slice(_position, (int)length);
        _position += (int)length;
        return span;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary());

    /// <summary>Reads a list header: the element type and count.</summary>
    public int ReadListHeader(out CompactType elementType)
    {
        var header = ReadByte();
        elementType = (CompactType)(header & 0x0F);
        var count = header >> 4;
        if (count == 15)
        {
            var big = ReadVarint();
            if (big > int.MaxValue)
            {
                throw Corrupt($"list length {big} is too large");
            }

            count = (int)big;
        }

        // Every element takes at least one byte (booleans and empty structs too), which bounds a corrupt count.
        if (count > _data.Length - _position)
        {
            throw new ThriftTruncatedException(_baseOffset + _position + count);
        }

        return count;
    }

    /// <summary>Reads a boolean list element (1 = true in the compact protocol).</summary>
    public bool ReadListBool() => ReadByte() == 1;

    /// <summary>Skips a value of <paramref name="type"/> (unknown fields of newer format versions).</summary>
    public void Skip(CompactType type)
    {
        switch (type)
        {
            case CompactType.BoolTrue or CompactType.BoolFalse:
                return;
            case CompactType.Byte:
                ReadByte();
                return;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadVarint();
                return;
            case CompactType.Double:
                for (var i = 0; i < 8; i++)
                {
                    ReadByte();
                }

                return;
            case CompactType.Binary:
                ReadBinary();
                return;
            case CompactType.List or CompactType.Set:
                var count = ReadListHeader(out var element);
                for (var i = 0; i < count; i++)
                {
                    SkipElement(element);
                }

                return;
            case CompactType.Map:
                var size = ReadVarint();
                if (size == 0)
                {
                    return;
                }

                var kinds = ReadByte();
                for (ulong i = 0; i < size; i++)
                {
                    SkipElement((CompactType)(kinds >> 4));
                    SkipElement((CompactType)(kinds & 0x0F));
                }

                return;
            case CompactType.Struct:
                SkipStruct();
                return;
            default:
                throw Corrupt($"cannot skip Thrift type {(int)type}");
        }
    }

    /// <summary>Skips the rest of a struct whose <see cref="BeginStruct"/> was called.</summary>
    public void SkipRemainingFields()
    {
        while (NextField(out _, out var type))
        {
            Skip(type);
        }
    }

    private void SkipStruct()
    {
        BeginStruct();
        SkipRemainingFields();
    }

    private void SkipElement(CompactType type)
    {
        // Inside collections a boolean is a whole byte, unlike in a field header.
        if (type is CompactType.BoolTrue or CompactType.BoolFalse)
        {
            ReadByte();
        }
        else
        {
            Skip(type);
        }
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Corrupt("varint longer than 10 bytes");
    }

    private int ReadZigZag32()
    {
        var v = ReadVarint();
        if (v > uint.MaxValue)
        {
            throw Corrupt($"32-bit integer out of range ({v})");
        }

        var u = (uint)v;
        return (int)(u >> 1) ^ -(int)(u & 1);
    }

    private long ReadZigZag64()
    {
        var u = ReadVarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    /// <summary>A corruption error at the current position.</summary>
    public readonly DataException Corrupt(string what) =>
        new($"{_file}: corrupt Parquet metadata at offset {_baseOffset + _position}: {what}.");
}
