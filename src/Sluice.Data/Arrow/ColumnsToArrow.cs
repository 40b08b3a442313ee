using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Column = Sluice.Data.Columns.Column;

namespace Sluice.Data.Arrow;

/// <summary>
/// Our columns as Arrow arrays. Fixed-width values, string bytes and offsets, codes and validity have Arrow's layout
/// already (little-endian, LSB-first bitmaps), so the arrays point at our pooled buffers; only bools (bytes → bits) and
/// decimals (int64 → 128-bit) are converted.
/// </summary>
internal static class ColumnsToArrow
{
    public static IArrowArray Convert(Column column)
    {
        var length = column.Length;
        var (validity, nulls) = Validity(column);
        switch (column)
        {
            case PrimitiveColumn<long> p when p.Type.Kind == TypeKind.Decimal:
                var wide = new byte[length * 16];
                var values = p.Values;
                for (var i = 0; i < length; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(wide.AsSpan(i * 16), values[i]);
                    BinaryPrimitives.WriteInt64LittleEndian(wide.AsSpan(i * 16 + 8), values[i] < 0 ? -1 : 0);
                }

                return new Decimal128Array(new ArrayData(ArrowTypes.Of(p.Type), length, nulls, 0, [validity, new ArrowBuffer(wide)]));
            case PrimitiveColumn<long> p when p.Type.Kind == TypeKind.Timestamp:
                return new TimestampArray((TimestampType)ArrowTypes.Of(p.Type), Bytes(p.Buffer, length), validity, length, nulls, 0);
            case PrimitiveColumn<long> p:
                return new Int64Array(Bytes(p.Buffer, length), validity, length, nulls, 0);
            case PrimitiveColumn<double> p:
                return new DoubleArray(Bytes(p.Buffer, length), validity, length, nulls, 0);
            case PrimitiveColumn<int> p:
                return new Date32Array(Bytes(p.Buffer, length), validity, length, nulls, 0);
            case PrimitiveColumn<bool> p:
                var bits = new byte[(length + 7) >> 3];
                var bools = p.Values;
                for (var i = 0; i < length; i++)
                {
                    if (bools[i])
                    {
                        bits[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }

                return new BooleanArray(new ArrowBuffer(bits), validity, length, nulls, 0);
            case StringColumn s:
                return new StringArray(length, Bytes(s.Offsets, length + 1), Bytes(s.ByteBuffer, s.ByteLength), validity, nulls, 0);
            case DictionaryColumn d:
                // A batch's own dictionary; the file writer maps codes to the file's dictionary before writing.
                using (var plain = Materialize(d))
                {
                    // The array points at the plain column's buffers only while it is converted; copy what it needs.
                    return Copy(plain);
                }
            default:
                throw new ArgumentException($"Column type {column.GetType().Name} has no Arrow form.", nameof(column));
        }
    }

    /// <summary>Codes (already in a file-wide dictionary) as the int32 indices of a dictionary array.</summary>
    public static Int32Array Indices(int[] codes, Column column)
    {
        var (validity, nulls) = Validity(column);
        return new Int32Array(Bytes(codes, column.Length), validity, column.Length, nulls, 0);
    }

    private static StringColumn Materialize(DictionaryColumn column)
    {
        var b = new Utf8Builder(column.Length, column.Length * 8);
        for (var i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i))
            {
                b.AppendNull();
            }
            else
            {
                b.Append(column.GetBytes(i));
            }
        }

        return b.Build();
    }

    private static StringArray Copy(StringColumn s)
    {
        var (validity, nulls) = Validity(s);
        return new StringArray(
            s.Length,
            new ArrowBuffer(ByteView<int>.Of(s.Offsets, s.Length + 1).ToArray()),
            new ArrowBuffer(s.ByteBuffer.AsSpan(0, s.ByteLength).ToArray()),
            nulls > 0 ? new ArrowBuffer(validity.Span.ToArray()) : ArrowBuffer.Empty,
            nulls,
            0);
    }

    private static (ArrowBuffer Validity, int Nulls) Validity(Column column) =>
        column.Validity is { } v && column.NullCount is var n and > 0
            ? (new ArrowBuffer(ByteView<ulong>.Of(v.Words, ValidityMask.WordCount(column.Length)).Slice(0, (column.Length + 7) >> 3)), n)
            : (ArrowBuffer.Empty, 0);

    private static ArrowBuffer Bytes<T>(T[] array, int length)
        where T : unmanaged => new(ByteView<T>.Of(array, length));
}
