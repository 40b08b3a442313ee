using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Execution.Spill;

/// <summary>
/// The spill format: a compact columnar image of a batch, read back only by the same process (native byte order).
/// <code>
/// batch  := rows:int32 columns:int32 column*
/// column := tag:byte hasMask:byte [mask words:uint64 × ceil(rows/64)] payload
///   tag 0 primitive  : values (rows × sizeof(T): int64, int32, float64, bool as one byte)
///   tag 1 string     : offsets (rows + 1 × int32) bytes (offsets[rows] bytes)
///   tag 2 dictionary : codes (rows × int32) entries:int32 then the dictionary as a string column (tag 1)
/// </code>
/// The logical types come from the schema, so a file holds no names or types. Buffers are read straight into
/// pooled arrays; nothing is allocated per row.
/// </summary>
internal static class BatchSerializer
{
    private const byte Primitive = 0;
    private const byte Plain = 1;
    private const byte Dictionary = 2;

    /// <summary>Writes <paramref name="batch"/> (the caller keeps ownership).</summary>
    public static void Write(Stream stream, RecordBatch batch)
    {
        WriteInt(stream, batch.RowCount);
        WriteInt(stream, batch.Columns.Count);
        foreach (var column in batch.Columns)
        {
            WriteColumn(stream, column);
        }
    }

    /// <summary>Reads a batch written by <see cref="Write"/>; the caller owns it.</summary>
    /// <exception cref="DataException">The data does not match <paramref name="schema"/> (a corrupt spill file).</exception>
    public static RecordBatch Read(Stream stream, Schema schema)
    {
        var rows = ReadInt(stream);
        var count = ReadInt(stream);
        if (rows < 0 || count != schema.Count)
        {
            throw new DataException($"Corrupt spill file: {count} columns of {rows} rows, expected {schema.Count} columns.");
        }

        var columns = new Column[count];
        try
        {
            for (var c = 0; c < count; c++)
            {
                columns[c] = ReadColumn(stream, schema[c].Type, rows);
            }
        }
        catch
        {
            foreach (var done in columns)
            {
                done?.Dispose();
            }

            throw;
        }

        return new RecordBatch(schema, columns, rows);
    }

    private static void WriteColumn(Stream stream, Column column)
    {
        switch (column)
        {
            case PrimitiveColumn<long> p: WritePrimitive(stream, p); break;
            case PrimitiveColumn<int> p: WritePrimitive(stream, p); break;
            case PrimitiveColumn<double> p: WritePrimitive(stream, p); break;
            case PrimitiveColumn<bool> p: WritePrimitive(stream, p); break;
            case StringColumn s: WriteString(stream, s); break;
            case DictionaryColumn d:
                WriteHeader(stream, Dictionary, d);
                WriteSpan(stream, d.Codes);
                WriteInt(stream, d.Dictionary.Length);
                WriteString(stream, d.Dictionary);
                break;
            default: throw new DataException($"Cannot spill a column of {column.GetType().Name}.");
        }
    }

    private static void WritePrimitive<T>(Stream stream, PrimitiveColumn<T> column)
        where T : unmanaged
    {
        WriteHeader(stream, Primitive, column);
        WriteSpan(stream, column.Values);
    }

    private static void WriteString(Stream stream, StringColumn column)
    {
        WriteHeader(stream, Plain, column);
        WriteSpan(stream, column.Offsets.AsSpan(0, column.Length + 1));
        WriteSpan(stream, column.ByteBuffer.AsSpan(0, column.ByteLength));
    }

    private static void WriteHeader(Stream stream, byte tag, Column column)
    {
        Span<byte> header = [tag, column.Validity is null ? (byte)0 : (byte)1];
        stream.Write(header);
        if (column.Validity is { } mask)
        {
            WriteSpan(stream, mask.Words.AsSpan(0, ValidityMask.WordCount(column.Length)));
        }
    }

    private static Column ReadColumn(Stream stream, DataType type, int rows)
    {
        var (tag, mask) = ReadHeader(stream, rows);
        try
        {
            return (tag, type.Kind) switch
            {
                (Primitive, TypeKind.Float64) => ReadPrimitive<double>(stream, type, rows, mask),
                (Primitive, TypeKind.Bool) => ReadPrimitive<bool>(stream, type, rows, mask),
                (Primitive, TypeKind.Date) => ReadPrimitive<int>(stream, type, rows, mask),
                (Primitive, TypeKind.Int64 or TypeKind.Timestamp or TypeKind.Decimal) => ReadPrimitive<long>(stream, type, rows, mask),
                (Plain, TypeKind.String) => ReadString(stream, rows, mask),
                (Dictionary, TypeKind.String) => ReadDictionary(stream, rows, mask),
                _ => throw new DataException($"Corrupt spill file: column tag {tag} for a {type} column."),
            };
        }
        catch
        {
            mask?.Dispose();
            throw;
        }
    }

    private static (byte Tag, ValidityMask? Mask) ReadHeader(Stream stream, int rows)
    {
        Span<byte> header = stackalloc byte[2];
        stream.ReadExactly(header);
        if (header[1] == 0)
        {
            return (header[0], null);
        }

        var words = Buffers.Rent<ulong>(ValidityMask.WordCount(rows));
        ReadSpan(stream, words.AsSpan(0, ValidityMask.WordCount(rows)));
        return (header[0], ValidityMask.Wrap(words, rows));
    }

    private static PrimitiveColumn<T> ReadPrimitive<T>(Stream stream, DataType type, int rows, ValidityMask? mask)
        where T : unmanaged
    {
        var values = Buffers.Rent<T>(rows);
        ReadSpan(stream, values.AsSpan(0, rows));
        return new PrimitiveColumn<T>(type, values, rows, mask);
    }

    private static StringColumn ReadString(Stream stream, int rows, ValidityMask? mask)
    {
        var offsets = Buffers.Rent<int>(rows + 1);
        ReadSpan(stream, offsets.AsSpan(0, rows + 1));
        var length = offsets[rows];
        if (length < 0)
        {
            Buffers.Return(offsets);
            throw new DataException("Corrupt spill file: negative string length.");
        }

        var bytes = Buffers.Rent<byte>(length);
        stream.ReadExactly(bytes, 0, length);
        return new StringColumn(bytes, offsets, rows, mask);
    }

    private static DictionaryColumn ReadDictionary(Stream stream, int rows, ValidityMask? mask)
    {
        var codes = Buffers.Rent<int>(rows);
        ReadSpan(stream, codes.AsSpan(0, rows));
        StringColumn entries;
        try
        {
            var count = ReadInt(stream);
            var (tag, entryMask) = ReadHeader(stream, count);
            if (tag != Plain)
            {
                entryMask?.Dispose();
                throw new DataException("Corrupt spill file: a dictionary without entries.");
            }

            entries = ReadString(stream, count, entryMask);
        }
        catch
        {
            Buffers.Return(codes);
            throw;
        }

        return DictionaryColumn.FromCodes(codes, entries, rows, mask);
    }

    private static void WriteSpan<T>(Stream stream, ReadOnlySpan<T> values)
        where T : unmanaged => stream.Write(MemoryMarshal.AsBytes(values));

    private static void ReadSpan<T>(Stream stream, Span<T> values)
        where T : unmanaged => stream.ReadExactly(MemoryMarshal.AsBytes(values));

    private static void WriteInt(Stream stream, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        stream.Write(b);
    }

    private static int ReadInt(Stream stream)
    {
        Span<byte> b = stackalloc byte[4];
        stream.ReadExactly(b);
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }
}
