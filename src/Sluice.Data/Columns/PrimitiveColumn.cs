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
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            result[i] = r >= 0 ? src[r] : default;
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
