using System.Runtime.InteropServices;
using ParquetSharp;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Column = Sluice.Data.Columns.Column;
using PhysicalType = ParquetSharp.PhysicalType;

namespace Sluice.Data.Parquet;

/// <summary>
/// Reads one flat (or struct field) leaf column straight from ParquetSharp's page decoder into our column buffers:
/// <c>ReadBatch</c> fills a scratch array with the present values and the definition levels, and one pass spreads them
/// over the rows (a null where the level is below the maximum, so a null enclosing struct is a null too) while
/// widening or rescaling to our type. Strings are copied from the decoder's pages into a <see cref="Utf8Builder"/>, or
/// for a dictionary-encoded column into a <see cref="DictionaryBuilder"/>, so repeated values stay codes. The types
/// it does not know (INT96, FIXED_LEN_BYTE_ARRAY, binary, lists and maps) are left to the Arrow path; see
/// <see cref="ParquetSource"/>.
/// </summary>
internal sealed class ParquetLeaf
{
    private enum Kind
    {
        Int64,
        Int32,
        UInt32,
        Date,
        Float64,
        Float32,
        Bool,
        Timestamp,
        String,
    }

    private readonly Kind _kind;
    private readonly DataType _type;
    private readonly short _maxDefinition;
    private readonly long _multiply;
    private readonly long _divide;
    private readonly bool _dictionary;

    private ParquetLeaf(int leaf, Kind kind, DataType type, short maxDefinition, bool dictionary, long multiply = 1, long divide = 1)
    {
        Index = leaf;
        _kind = kind;
        _type = type;
        _maxDefinition = maxDefinition;
        _dictionary = dictionary;
        _multiply = multiply;
        _divide = divide;
    }

    /// <summary>The leaf's column index in the file.</summary>
    public int Index { get; }

    /// <summary>The direct reader for <paramref name="column"/>, or null when only the Arrow path reads it.</summary>
    public static ParquetLeaf? TryCreate(ParquetColumn column, ColumnDescriptor descriptor)
    {
        if (column.Json || column.Leaves.Length != 1 || descriptor.MaxRepetitionLevel != 0)
        {
            return null;
        }

        LogicalType logical;
        try
        {
            logical = descriptor.LogicalType;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A logical type ParquetSharp does not know (a damaged footer): the Arrow path reports the damage.
            return null;
        }

        using var owned = logical;
        var kind = (descriptor.PhysicalType, logical) switch
        {
            (PhysicalType.Boolean, NoneLogicalType) => Kind.Bool,
            (PhysicalType.Int32, NoneLogicalType or IntLogicalType { IsSigned: true } or DecimalLogicalType) => Kind.Int32,
            (PhysicalType.Int32, IntLogicalType { IsSigned: false }) => Kind.UInt32,
            (PhysicalType.Int32, DateLogicalType) => Kind.Date,
            (PhysicalType.Int64, NoneLogicalType or IntLogicalType or DecimalLogicalType) => Kind.Int64,
            (PhysicalType.Int64, TimestampLogicalType) => Kind.Timestamp,
            (PhysicalType.Float, NoneLogicalType) => Kind.Float32,
            (PhysicalType.Double, NoneLogicalType) => Kind.Float64,
            (PhysicalType.ByteArray, StringLogicalType) => Kind.String,
            _ => (Kind?)null,
        };
        var expected = logical is DecimalLogicalType ? TypeKind.Decimal : kind is { } known ? Expected(known) : (TypeKind?)null;
        if (kind is not { } k || column.Type.Kind != expected)
        {
            return null;
        }

        var (multiply, divide) = logical is TimestampLogicalType t
            ? t.TimeUnit switch
            {
                ParquetSharp.TimeUnit.Millis => (1000L, 1L),
                ParquetSharp.TimeUnit.Nanos => (1L, 1000L),
                _ => (1L, 1L),
            }
            : (1L, 1L);
        return new ParquetLeaf(column.Leaves[0], k, column.Type, descriptor.MaxDefinitionLevel, column.Dictionary, multiply, divide);
    }

    private static TypeKind Expected(Kind kind) => kind switch
    {
        Kind.Date => TypeKind.Date,
        Kind.Float64 or Kind.Float32 => TypeKind.Float64,
        Kind.Bool => TypeKind.Bool,
        Kind.Timestamp => TypeKind.Timestamp,
        Kind.String => TypeKind.String,
        _ => TypeKind.Int64,
    };

    /// <summary>Reads the next <paramref name="rows"/> rows of the column chunk <paramref name="reader"/> reads.</summary>
    /// <exception cref="DataException">The chunk ends before them.</exception>
    public Column Read(ColumnReader reader, int rows, ParquetScratch scratch) => _kind switch
    {
        Kind.Int64 => Primitive<long, long, Same<long>>((ColumnReader<long>)reader, rows, scratch.Longs, scratch),
        Kind.Int32 => Primitive<int, long, Widen>((ColumnReader<int>)reader, rows, scratch.Ints, scratch),
        Kind.UInt32 => Primitive<int, long, WidenUnsigned>((ColumnReader<int>)reader, rows, scratch.Ints, scratch),
        Kind.Date => Primitive<int, int, Same<int>>((ColumnReader<int>)reader, rows, scratch.Ints, scratch),
        Kind.Float64 => Primitive<double, double, Same<double>>((ColumnReader<double>)reader, rows, scratch.Doubles, scratch),
        Kind.Float32 => Primitive<float, double, ToDouble>((ColumnReader<float>)reader, rows, scratch.Floats, scratch),
        Kind.Bool => Primitive<bool, bool, Same<bool>>((ColumnReader<bool>)reader, rows, scratch.Bools, scratch),
        Kind.Timestamp => Timestamps((ColumnReader<long>)reader, rows, scratch),
        _ => Strings((ColumnReader<ByteArray>)reader, rows, scratch),
    };

    private PrimitiveColumn<TOut> Primitive<TIn, TOut, TConvert>(ColumnReader<TIn> reader, int rows, TIn[] values, ParquetScratch scratch)
        where TIn : unmanaged
        where TOut : unmanaged
        where TConvert : IConvert<TIn, TOut>
    {
        var buffer = Buffers.Rent<TOut>(rows);
        ValidityMask? validity = null;
        try
        {
            var row = 0;
            while (row < rows)
            {
                if (typeof(TIn) == typeof(TOut))
                {
                    // Our layout is the file's: decode into the column itself and spread the nulls in place, from the end.
                    var direct = MemoryMarshal.Cast<TOut, TIn>(buffer.AsSpan(row, rows - row));
                    var read = ReadChunk(reader, rows - row, direct, scratch.Definitions, out var present);
                    if (present != read)
                    {
                        validity ??= ValidityMask.Create(rows, true);
                        var defs = scratch.Definitions;
                        for (int i = read - 1, v = present - 1; i >= 0; i--)
                        {
                            if (defs[i] == _maxDefinition)
                            {
                                direct[i] = direct[v--];
                            }
                            else
                            {
                                direct[i] = default;
                                validity.SetNull(row + i);
                            }
                        }
                    }

                    row += read;
                    continue;
                }

                var levels = ReadChunk(reader, rows - row, values, scratch.Definitions, out var count);
                if (count == levels)
                {
                    for (var i = 0; i < levels; i++)
                    {
                        buffer[row + i] = TConvert.Apply(values[i]);
                    }
                }
                else
                {
                    validity ??= ValidityMask.Create(rows, true);
                    var defs = scratch.Definitions;
                    for (int i = 0, v = 0; i < levels; i++)
                    {
                        if (defs[i] == _maxDefinition)
                        {
                            buffer[row + i] = TConvert.Apply(values[v++]);
                        }
                        else
                        {
                            buffer[row + i] = default;
                            validity.SetNull(row + i);
                        }
                    }
                }

                row += levels;
            }

            return new PrimitiveColumn<TOut>(_type, buffer, rows, validity);
        }
        catch
        {
            Buffers.Return(buffer);
            validity?.Dispose();
            throw;
        }
    }

    private PrimitiveColumn<long> Timestamps(ColumnReader<long> reader, int rows, ParquetScratch scratch)
    {
        var column = Primitive<long, long, Same<long>>(reader, rows, scratch.Longs, scratch);
        if (_multiply != 1 || _divide != 1)
        {
            var values = column.Buffer;
            for (var i = 0; i < rows; i++)
            {
                // Floor division, so an instant before 1970 keeps its microsecond (as Arrow's cast would not).
                values[i] = _divide == 1 ? values[i] * _multiply : Math.DivRem(values[i], _divide) is var (q, r) && r < 0 ? q - 1 : q;
            }
        }

        return column;
    }

    private Utf8Column Strings(ColumnReader<ByteArray> reader, int rows, ParquetScratch scratch)
    {
        var plain = _dictionary ? null : new Utf8Builder(rows, (int)Math.Clamp((long)scratch.StringBytes(Index) * rows, 16, 64 << 20));
        var dictionary = _dictionary ? new DictionaryBuilder(rows) : null;
        long bytes = 0;
        var values = scratch.ByteArrays;
        var row = 0;
        try
        {
            while (row < rows)
            {
                // The values point into the decoder's current page: copy them before the next ReadBatch moves on.
                var levels = ReadChunk(reader, rows - row, values, scratch.Definitions, out var count);
                var defs = scratch.Definitions;
                for (int i = 0, v = 0; i < levels; i++)
                {
                    if (count == levels || defs[i] == _maxDefinition)
                    {
                        var value = Span(values[v++]);
                        bytes += value.Length;
                        if (plain is not null)
                        {
                            plain.Append(value);
                        }
                        else
                        {
                            dictionary!.Append(value);
                        }
                    }
                    else if (plain is not null)
                    {
                        plain.AppendNull();
                    }
                    else
                    {
                        dictionary!.AppendNull();
                    }
                }

                row += levels;
            }
        }
        catch
        {
            plain?.Build().Dispose();
            dictionary?.Build().Dispose();
            throw;
        }

        scratch.SetStringBytes(Index, (int)Math.Min(int.MaxValue / 2, (bytes / Math.Max(1, rows)) + 1));
        return plain is not null ? plain.Build() : dictionary!.Build();
    }

    private static unsafe ReadOnlySpan<byte> Span(ByteArray value) => new((void*)value.Pointer, value.Length);

    // ReadBatch stops at the end of a data page, so a batch takes one call per page it spans.
    private int ReadChunk<T>(ColumnReader<T> reader, int rows, Span<T> values, short[] definitions, out int count)
        where T : unmanaged
    {
        long levels;
        long read;
        if (_maxDefinition == 0)
        {
            levels = reader.ReadBatch(rows, values[..rows], out read);
            levels = read;
        }
        else
        {
            levels = reader.ReadBatch(rows, definitions.AsSpan(0, rows), default, values[..rows], out read);
        }

        if (levels <= 0)
        {
            throw new DataException($"column chunk {Index} ends before its row group's rows are read", false);
        }

        count = (int)read;
        return (int)levels;
    }

    private interface IConvert<TIn, TOut>
    {
        static abstract TOut Apply(TIn value);
    }

    private readonly struct Same<T> : IConvert<T, T>
    {
        public static T Apply(T value) => value;
    }

    private readonly struct Widen : IConvert<int, long>
    {
        public static long Apply(int value) => value;
    }

    private readonly struct WidenUnsigned : IConvert<int, long>
    {
        public static long Apply(int value) => (uint)value;
    }

    private readonly struct ToDouble : IConvert<float, double>
    {
        public static double Apply(float value) => value;
    }
}
