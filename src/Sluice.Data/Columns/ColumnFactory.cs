using System.Text;
using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>Builds columns from .NET values (tests, small literals, API callers). Not for hot paths.</summary>
public static class ColumnFactory
{
    /// <summary>
    /// Creates a column of <paramref name="type"/> from boxed values; null entries are null rows.
    /// Accepted values: integers for Int64; any number for Float64; bool; string; decimal (or integers) for Decimal;
    /// DateOnly for Date; DateTime for Timestamp.
    /// </summary>
    /// <exception cref="ArgumentException">A value does not fit the type.</exception>
    public static Column Create(DataType type, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        var valid = new bool[values.Count];
        for (var i = 0; i < valid.Length; i++)
        {
            valid[i] = values[i] is not null;
        }

        switch (type.Kind)
        {
            case TypeKind.String:
                return StringColumn.Create(values.Select(v => v switch
                {
                    null => null,
                    string s => s,
                    _ => throw new ArgumentException($"Expected a string, got {v.GetType().Name}.", nameof(values)),
                }).ToArray());
            case TypeKind.Float64:
                return PrimitiveColumn<double>.Create(type, values.Select(v => v is null ? 0 : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), valid);
            case TypeKind.Bool:
                return PrimitiveColumn<bool>.Create(type, values.Select(v => v is bool b && b).ToArray(), valid);
            case TypeKind.Date:
                return PrimitiveColumn<int>.Create(type, values.Select(v => v switch
                {
                    null => 0,
                    DateOnly d => d.DayNumber - Temporal.EpochDayNumber,
                    _ => throw new ArgumentException($"Expected a DateOnly, got {v.GetType().Name}.", nameof(values)),
                }).ToArray(), valid);
            default:
                return PrimitiveColumn<long>.Create(type, values.Select(v => ToInt64(type, v)).ToArray(), valid);
        }
    }

    /// <summary>An Int64 column.</summary>
    public static PrimitiveColumn<long> Int64(params long?[] values) =>
        (PrimitiveColumn<long>)Create(DataType.Int64, values.Select(v => (object?)v).ToArray());

    /// <summary>A Float64 column.</summary>
    public static PrimitiveColumn<double> Float64(params double?[] values) =>
        (PrimitiveColumn<double>)Create(DataType.Float64, values.Select(v => (object?)v).ToArray());

    /// <summary>A Bool column.</summary>
    public static PrimitiveColumn<bool> Bool(params bool?[] values) =>
        (PrimitiveColumn<bool>)Create(DataType.Bool, values.Select(v => (object?)v).ToArray());

    /// <summary>A Decimal column of the given scale.</summary>
    public static PrimitiveColumn<long> Decimal(int scale, params decimal?[] values) =>
        (PrimitiveColumn<long>)Create(DataType.Decimal(scale), values.Select(v => (object?)v).ToArray());

    /// <summary>A plain string column.</summary>
    public static StringColumn String(params string?[] values) => StringColumn.Create(values);

    /// <summary>A dictionary-encoded string column.</summary>
    public static Utf8Column DictionaryString(params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var b = new DictionaryBuilder(values.Length);
        foreach (var v in values)
        {
            if (v is null)
            {
                b.AppendNull();
            }
            else
            {
                b.Append(Encoding.UTF8.GetBytes(v));
            }
        }

        return b.Build();
    }

    private static long ToInt64(DataType type, object? v)
    {
        if (v is null)
        {
            return 0;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return type.Kind switch
        {
            TypeKind.Timestamp when v is DateTime dt => (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10,
            TypeKind.Decimal => decimal.ToInt64(decimal.Round(Convert.ToDecimal(v, inv) * Pow10.Decimal(type.Scale), 0) == Convert.ToDecimal(v, inv) * Pow10.Decimal(type.Scale)
                ? Convert.ToDecimal(v, inv) * Pow10.Decimal(type.Scale)
                : throw new ArgumentException($"Value {v} has more than {type.Scale} decimals.", nameof(v))),
            TypeKind.Int64 => Convert.ToInt64(v, inv),
            _ => throw new ArgumentException($"Cannot store {v.GetType().Name} as {type}.", nameof(v)),
        };
    }
}
