using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Column = Sluice.Data.Columns.Column;

namespace Sluice.Data.Arrow;

/// <summary>
/// Arrow arrays (pointing into a mapped file) as our columns: one bulk copy per buffer for the types whose layout is
/// ours (int64, double, date32, utf8 bytes and offsets, int32 dictionary codes, validity bitmaps without offset), a
/// loop for the others. A dictionary is converted once per file and shared by every batch's column.
/// </summary>
internal sealed class ArrowToColumns
{
    private readonly Dictionary<ArrayData, StringColumn> _dictionaries = new(ReferenceEqualityComparer.Instance);

    public Column Convert(IArrowArray array, string path, string name)
    {
        var column = ConvertValues(array, path, name);
        // Arrow leaves a null slot's value undefined (Arrow C++'s Parquet reader keeps whatever the buffer held); ours hold default.
        switch (column)
        {
            case PrimitiveColumn<long> p:
                ClearNulls(p);
                break;
            case PrimitiveColumn<double> p:
                ClearNulls(p);
                break;
            case PrimitiveColumn<int> p:
                ClearNulls(p);
                break;
            case PrimitiveColumn<bool> p:
                ClearNulls(p);
                break;
        }

        return column;
    }

    private static void ClearNulls<T>(PrimitiveColumn<T> column)
        where T : unmanaged
    {
        if (column.Validity is not { } validity)
        {
            return;
        }

        var values = column.Buffer;
        for (var i = 0; i < column.Length; i++)
        {
            if (!validity.IsValid(i))
            {
                values[i] = default;
            }
        }
    }

    private Column ConvertValues(IArrowArray array, string path, string name)
    {
        var data = array.Data;
        var length = data.Length;
        var validity = Validity(data);
        switch (data.DataType)
        {
            case Int64Type or UInt64Type:
                return Primitive(DataType.Int64, Values<long>(data, 1), validity, length);
            case DoubleType:
                return Primitive(DataType.Float64, Values<double>(data, 1), validity, length);
            case Date32Type:
                return Primitive(DataType.Date, Values<int>(data, 1), validity, length);
            case Int32Type:
                return Widen<int>(data, validity, static v => v);
            case Int16Type:
                return Widen<short>(data, validity, static v => v);
            case Int8Type:
                return Widen<sbyte>(data, validity, static v => v);
            case UInt32Type:
                return Widen<uint>(data, validity, static v => v);
            case UInt16Type:
                return Widen<ushort>(data, validity, static v => v);
            case UInt8Type:
                return Widen<byte>(data, validity, static v => v);
            case FloatType:
                var floats = Values<float>(data, 1);
                var doubles = Buffers.Rent<double>(length);
                for (var i = 0; i < length; i++)
                {
                    doubles[i] = floats[i];
                }

                return new PrimitiveColumn<double>(DataType.Float64, doubles, length, validity);
            case Date64Type:
                var millis = Values<long>(data, 1);
                var days = Buffers.Rent<int>(length);
                for (var i = 0; i < length; i++)
                {
                    days[i] = (int)Math.Floor(millis[i] / 86_400_000.0);
                }

                return new PrimitiveColumn<int>(DataType.Date, days, length, validity);
            case TimestampType t:
                return Timestamps(data, t, validity);
            case BooleanType:
                var bits = data.Buffers[1].Span;
                var bools = Buffers.Rent<bool>(length);
                for (var i = 0; i < length; i++)
                {
                    var bit = data.Offset + i;
                    bools[i] = (bits[bit >> 3] & (1 << (bit & 7))) != 0;
                }

                return new PrimitiveColumn<bool>(DataType.Bool, bools, length, validity);
            case Decimal128Type d:
                return Decimals(data, d, validity, path, name);
            case StringType:
                return Strings(data, validity);
            case LargeStringType:
                return LargeStrings(data, validity, path, name);
            case DictionaryType:
                return Dictionary(data, validity);
            default:
                validity?.Dispose();
                _ = ArrowTypes.From(data.DataType, out var reason);
                throw new DataException($"{path}: column '{name}' {reason}");
        }
    }

    private static PrimitiveColumn<T> Primitive<T>(DataType type, ReadOnlySpan<T> values, ValidityMask? validity, int length)
        where T : unmanaged
    {
        var buffer = Buffers.Rent<T>(length);
        values[..length].CopyTo(buffer);
        return new PrimitiveColumn<T>(type, buffer, length, validity);
    }

    private static PrimitiveColumn<long> Widen<T>(ArrayData data, ValidityMask? validity, Func<T, long> widen)
        where T : unmanaged
    {
        var values = Values<T>(data, 1);
        var buffer = Buffers.Rent<long>(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            buffer[i] = widen(values[i]);
        }

        return new PrimitiveColumn<long>(DataType.Int64, buffer, data.Length, validity);
    }

    private static PrimitiveColumn<long> Timestamps(ArrayData data, TimestampType type, ValidityMask? validity)
    {
        var values = Values<long>(data, 1);
        var buffer = Buffers.Rent<long>(data.Length);
        switch (type.Unit)
        {
            case Apache.Arrow.Types.TimeUnit.Microsecond:
                values[..data.Length].CopyTo(buffer);
                break;
            case Apache.Arrow.Types.TimeUnit.Nanosecond:
                for (var i = 0; i < data.Length; i++)
                {
                    buffer[i] = Math.DivRem(values[i], 1000L) is var (q, r) && r < 0 ? q - 1 : q;
                }

                break;
            default:
                var factor = type.Unit == Apache.Arrow.Types.TimeUnit.Millisecond ? 1000L : 1_000_000L;
                for (var i = 0; i < data.Length; i++)
                {
                    buffer[i] = values[i] * factor;
                }

                break;
        }

        return new PrimitiveColumn<long>(DataType.Timestamp, buffer, data.Length, validity);
    }

    private static PrimitiveColumn<long> Decimals(ArrayData data, Decimal128Type type, ValidityMask? validity, string path, string name)
    {
        var bytes = data.Buffers[1].Span[(data.Offset * 16)..];
        var buffer = Buffers.Rent<long>(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            var low = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 16)..]);
            var high = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 16 + 8)..]);
            if (high != (low < 0 ? -1 : 0) && validity?.IsValid(i) != false)
            {
                Buffers.Return(buffer);
                validity?.Dispose();
                throw new DataException($"{path}: column '{name}' row {i + 1}: a decimal({type.Precision}, {type.Scale}) value is outside the 18 digits a decimal holds here; cast it to double before writing the file");
            }

            buffer[i] = low;
        }

        return new PrimitiveColumn<long>(DataType.Decimal(type.Scale), buffer, data.Length, validity);
    }

    private static StringColumn Strings(ArrayData data, ValidityMask? validity)
    {
        var offsets = Values<int>(data, 1)[..(data.Length + 1)];
        var first = offsets[0];
        var byteCount = offsets[data.Length] - first;
        var ownOffsets = Buffers.Rent<int>(data.Length + 1);
        if (first == 0)
        {
            offsets.CopyTo(ownOffsets);
        }
        else
        {
            for (var i = 0; i <= data.Length; i++)
            {
                ownOffsets[i] = offsets[i] - first;
            }
        }

        var bytes = Buffers.Rent<byte>(byteCount);
        data.Buffers[2].Span.Slice(first, byteCount).CopyTo(bytes);
        return new StringColumn(bytes, ownOffsets, data.Length, validity);
    }

    private static StringColumn LargeStrings(ArrayData data, ValidityMask? validity, string path, string name)
    {
        var offsets = Values<long>(data, 1)[..(data.Length + 1)];
        var first = offsets[0];
        var byteCount = offsets[data.Length] - first;
        if (byteCount > int.MaxValue / 2)
        {
            validity?.Dispose();
            throw new DataException($"{path}: column '{name}' has a batch with {byteCount} bytes of text; write the file in smaller record batches");
        }

        var ownOffsets = Buffers.Rent<int>(data.Length + 1);
        for (var i = 0; i <= data.Length; i++)
        {
            ownOffsets[i] = (int)(offsets[i] - first);
        }

        var bytes = Buffers.Rent<byte>((int)byteCount);
        data.Buffers[2].Span.Slice((int)first, (int)byteCount).CopyTo(bytes);
        return new StringColumn(bytes, ownOffsets, data.Length, validity);
    }

    private DictionaryColumn Dictionary(ArrayData data, ValidityMask? validity)
    {
        var dictionaryData = data.Dictionary;
        if (!_dictionaries.TryGetValue(dictionaryData, out var dictionary))
        {
            var values = dictionaryData.DataType is LargeStringType
                ? LargeStrings(dictionaryData, Validity(dictionaryData), "", "")
                : Strings(dictionaryData, Validity(dictionaryData));
            _dictionaries[dictionaryData] = dictionary = values;
        }

        var codes = Buffers.Rent<int>(data.Length);
        switch (((DictionaryType)data.DataType).IndexType)
        {
            case Int32Type:
                Values<int>(data, 1)[..data.Length].CopyTo(codes);
                break;
            case Int16Type:
                Copy(Values<short>(data, 1), codes, static v => v);
                break;
            case UInt16Type:
                Copy(Values<ushort>(data, 1), codes, static v => v);
                break;
            case Int8Type:
                Copy(Values<sbyte>(data, 1), codes, static v => v);
                break;
            default:
                Copy(Values<byte>(data, 1), codes, static v => v);
                break;
        }

        if (validity is not null)
        {
            // Arrow leaves the index of a null slot undefined; our kernels read -1 there.
            for (var i = 0; i < data.Length; i++)
            {
                if (!validity.IsValid(i))
                {
                    codes[i] = -1;
                }
            }
        }

        dictionary.Retain();
        return DictionaryColumn.FromCodes(codes, dictionary, data.Length, validity);
    }

    /// <summary>Releases this reader's reference to the dictionaries it converted (batches keep their own).</summary>
    public void Release()
    {
        foreach (var d in _dictionaries.Values)
        {
            d.Dispose();
        }

        _dictionaries.Clear();
    }

    private static void Copy<T>(ReadOnlySpan<T> source, int[] codes, Func<T, int> widen)
    {
        for (var i = 0; i < codes.Length && i < source.Length; i++)
        {
            codes[i] = widen(source[i]);
        }
    }

    private static ReadOnlySpan<T> Values<T>(ArrayData data, int buffer)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(data.Buffers[buffer].Span)[data.Offset..];

    private static ValidityMask? Validity(ArrayData data)
    {
        if (data.NullCount == 0 || data.Buffers[0].IsEmpty)
        {
            return null;
        }

        var bits = data.Buffers[0].Span;
        var mask = ValidityMask.Create(data.Length, false);
        if (data.Offset == 0)
        {
            var words = mask.Words.AsSpan(0, ValidityMask.WordCount(data.Length));
            var bytes = MemoryMarshal.AsBytes(words);
            bits[..Math.Min(bits.Length, bytes.Length)].CopyTo(bytes);
            return mask;
        }

        for (var i = 0; i < data.Length; i++)
        {
            var bit = data.Offset + i;
            if ((bits[bit >> 3] & (1 << (bit & 7))) != 0)
            {
                mask.SetValid(i);
            }
        }

        return mask;
    }
}
