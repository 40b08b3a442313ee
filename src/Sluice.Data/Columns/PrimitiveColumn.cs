using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>
/// A column of fixed-width values: long for Int64, Timestamp (microseconds) and Decimal (scaled),
/// int for Date (days since epoch), double for Float64, bool for Bool. Null rows hold default(T).
/// </summary>
/// <typeparam name="T">The physical value type.</typeparam>
public sealed class PrimitiveColumn<T> : Column
    where T : unmanaged
{
    private T[] _values;

    internal PrimitiveColumn(DataType type, T[] values, int length, ValidityMask? validity)
        : base(type, length, validity)
    {
        if (PhysicalType.Of(type) != typeof(T))
        {
            throw new ArgumentException($"Type {type} is not stored as {typeof(T).Name}.", nameof(type));
        }

        _values = values;
    }

    /// <summary>The values (null rows hold default).</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, Length);

    internal T[] Buffer => _values;

    /// <summary>Creates a column by copying values; <paramref name="valid"/> (optional) marks present rows.</summary>
    internal static PrimitiveColumn<T> Create(DataType type, ReadOnlySpan<T> values, ReadOnlySpan<bool> valid = default)
    {
        var buffer = Buffers.Rent<T>(values.Length);
        values.CopyTo(buffer);
        ValidityMask? mask = null;
        if (!valid.IsEmpty && valid.Contains(false))
        {
            mask = ValidityMask.FromBools(valid);
            for (var i = 0; i < values.Length; i++)
            {
                if (!valid[i])
                {
                    buffer[i] = default;
                }
            }
        }

        return new PrimitiveColumn<T>(type, buffer, values.Length, mask);
    }

    /// <inheritdoc />
    public override Column Gather(ReadOnlySpan<int> rows)
    {
        var result = Buffers.Rent<T>(rows.Length);
        var src = _values;
        var i = 0;
        while (i < rows.Length)
        {
            var r = rows[i];
            if (r < 0)
            {
                result[i++] = default;
                continue;
            }

            // Filters, dedupe and rejects keep long runs of consecutive rows: a run is one block copy.
            var j = i + 1;
            while (j < rows.Length && rows[j] == r + (j - i))
            {
                j++;
            }

            if (j - i == 1)
            {
                result[i] = src[r];
            }
            else
            {
                src.AsSpan(r, j - i).CopyTo(result.AsSpan(i));
            }

            i = j;
        }

        return new PrimitiveColumn<T>(Type, result, rows.Length, GatherValidity(rows));
    }

    /// <inheritdoc />
    public override object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        object v = _values[row];
        return Type.Kind switch
        {
            TypeKind.Decimal => new decimal((long)v) / Pow10.Decimal(Type.Scale),
            TypeKind.Date => DateOnly.FromDayNumber(Temporal.EpochDayNumber + (int)v),
            TypeKind.Timestamp => Temporal.ToDateTime((long)v),
            _ => v,
        };
    }

    /// <inheritdoc />
    protected override void ReleaseBuffers()
    {
        Buffers.Return(_values);
        _values = [];
    }
}
