namespace Sluice.Data.Batches;

/// <summary>A column type: a <see cref="TypeKind"/> plus the scale of decimals.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="Scale">Digits after the decimal point; only meaningful for <see cref="TypeKind.Decimal"/> (0..18).</param>
public sealed record DataType(TypeKind Kind, int Scale = 0)
{
    /// <summary>64-bit integer.</summary>
    public static DataType Int64 { get; } = new(TypeKind.Int64);

    /// <summary>Double precision float.</summary>
    public static DataType Float64 { get; } = new(TypeKind.Float64);

    /// <summary>Boolean.</summary>
    public static DataType Bool { get; } = new(TypeKind.Bool);

    /// <summary>UTF-8 string.</summary>
    public static DataType String { get; } = new(TypeKind.String);

    /// <summary>Date (days since epoch).</summary>
    public static DataType Date { get; } = new(TypeKind.Date);

    /// <summary>Timestamp (microseconds since epoch).</summary>
    public static DataType Timestamp { get; } = new(TypeKind.Timestamp);

    /// <summary>A decimal with <paramref name="scale"/> digits after the point, stored as a scaled int64.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is outside 0..18.</exception>
    public static DataType Decimal(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 18);
        return new DataType(TypeKind.Decimal, scale);
    }

    /// <summary>True for Int64, Float64 and Decimal.</summary>
    public bool IsNumeric => Kind is TypeKind.Int64 or TypeKind.Float64 or TypeKind.Decimal;

    /// <summary>Parses a type name: int64 (int, long), float64 (double, float), bool, string, date, timestamp, decimal(s).</summary>
    /// <returns>The type, or null when the name is unknown.</returns>
    public static DataType? TryParse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().ToLowerInvariant();
        switch (n)
        {
            case "int64" or "int" or "long" or "integer" or "bigint": return Int64;
            case "float64" or "double" or "float": return Float64;
            case "bool" or "boolean": return Bool;
            case "string" or "str" or "text": return String;
            case "date": return Date;
            case "timestamp" or "datetime": return Timestamp;
        }

        if (n.StartsWith("decimal(", StringComparison.Ordinal) && n.EndsWith(')')
            && int.TryParse(n.AsSpan(8, n.Length - 9), out var s) && s is >= 0 and <= 18)
        {
            return Decimal(s);
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TypeKind.Decimal => $"decimal({Scale})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
