using Apache.Arrow.Types;
using Sluice.Data.Batches;
using ArrowTimeUnit = Apache.Arrow.Types.TimeUnit;

namespace Sluice.Data.Arrow;

/// <summary>
/// How our column types map to Arrow's: int64, float64, bool, utf8 (dictionary&lt;int32, utf8&gt; when dictionary-encoded),
/// date32, timestamp[us] without zone, decimal128(18, scale). Reading also accepts the narrower and wider Arrow types
/// pandas, Polars and DuckDB write (smaller integers, float32, large_utf8, other index widths, date64, other timestamp
/// units and zones).
/// </summary>
internal static class ArrowTypes
{
    public static readonly DictionaryType StringDictionary = new(Int32Type.Default, StringType.Default, false);

    public static IArrowType Of(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => Int64Type.Default,
        TypeKind.Float64 => DoubleType.Default,
        TypeKind.Bool => BooleanType.Default,
        TypeKind.String => StringType.Default,
        TypeKind.Date => Date32Type.Default,
        TypeKind.Timestamp => new TimestampType(ArrowTimeUnit.Microsecond, (string?)null),
        TypeKind.Decimal => new Decimal128Type(18, type.Scale),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Our type for an Arrow type, or null with the reason when we do not read it.</summary>
    public static DataType? From(IArrowType type, out string? reason)
    {
        reason = null;
        switch (type)
        {
            case Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type:
                return DataType.Int64;
            case FloatType or DoubleType:
                return DataType.Float64;
            case BooleanType:
                return DataType.Bool;
            case StringType or LargeStringType:
                return DataType.String;
            case DictionaryType { ValueType: StringType or LargeStringType, IndexType: Int8Type or Int16Type or Int32Type or UInt8Type or UInt16Type }:
                return DataType.String;
            case Date32Type or Date64Type:
                return DataType.Date;
            case TimestampType:
                return DataType.Timestamp;
            case Decimal128Type { Scale: >= 0 and <= 18 } d:
                return DataType.Decimal(d.Scale);
            default:
                reason = $"has the Arrow type {type.Name}, which is not read (supported: integers, floating point, bool, utf8 and dictionaries of it, date, timestamp, decimal128 with scale up to 18)";
                return null;
        }
    }
}
