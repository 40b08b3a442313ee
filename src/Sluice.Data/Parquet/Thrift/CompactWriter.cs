using System.Buffers;
using System.Text;

namespace Sluice.Data.Parquet.Thrift;

/// <summary>
/// Writes Thrift compact protocol: field headers carry the delta from the previous field id in the high nibble,
/// integers are zigzag varints, booleans live in the field header's type nibble.
/// </summary>
internal sealed class CompactWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly Stack<short> _parents = new();
    private short _lastField;

    public CompactWriter(IBufferWriter<byte> output) => _output = output;

    public void BeginStruct()
    {
        _parents.Push(_lastField);
        _lastField = 0;
    }

    public void EndStruct()
    {
        WriteByte((byte)CompactType.Stop);
        _lastField = _parents.Pop();
    }

    public void FieldHeader(short id, CompactType type)
    {
        var delta = id - _lastField;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarint(ZigZag(id));
        }

        _lastField = id;
    }

    public void I32Field(short id, int value)
    {
        FieldHeader(id, CompactType.I32);
        WriteVarint(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldHeader(id, CompactType.I64);
        WriteVarint(ZigZag(value));
    }

    public void BoolField(short id, bool value) => FieldHeader(id, value ? CompactType.BoolTrue : CompactType.BoolFalse);

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, CompactType.Binary);
        WriteBinary(value);
    }

    public void StringField(short id, string value) => BinaryField(id, Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a struct-valued field; end it with <see cref="EndStruct"/>.</summary>
    public void StructField(short id)
    {
        FieldHeader(id, CompactType.Struct);
        BeginStruct();
    }

    /// <summary>A field holding an empty struct (the unit members of Thrift unions such as <c>StringType</c>).</summary>
    public void EmptyStructField(short id)
    {
        StructField(id);
        EndStruct();
    }

    public void ListField(short id, CompactType elementType, int count)
    {
        FieldHeader(id, CompactType.List);
        ListHeader(elementType, count);
    }

    public void ListHeader(CompactType elementType, int count)
    {
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (byte)elementType));
            WriteVarint((uint)count);
        }
    }

    public void WriteI32(int value) => WriteVarint(ZigZag(value));

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        _output.Write(value);
    }

    public void WriteString(string value) => WriteBinary(Encoding.UTF8.GetBytes(value));

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteVarint(ulong value)
    {
        var span = _output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _output.Advance(n);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
