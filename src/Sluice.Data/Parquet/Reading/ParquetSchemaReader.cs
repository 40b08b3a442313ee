using Sluice.Data.Batches;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Reading;

/// <summary>
/// Maps the flattened schema of a file to our columns: INT32/INT64 (plain, INTEGER, DATE, TIMESTAMP millis/micros/nanos,
/// DECIMAL up to 18 digits), INT96 timestamps, FLOAT/DOUBLE, BOOLEAN, BYTE_ARRAY (STRING, ENUM, JSON, plain binary) and
/// FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY decimals. Nested, repeated and other types are listed with the reason they cannot be read.
/// </summary>
internal static class ParquetSchemaReader
{
    public static (List<LeafColumn> Columns, Dictionary<string, string> Unsupported) Read(FileMetaData meta, string file)
    {
        var columns = new List<LeafColumn>();
        var unsupported = new Dictionary<string, string>(StringComparer.Ordinal);
        var schema = meta.Schema;
        if (schema.Count == 0)
        {
            throw new DataException($"{file}: the Parquet footer has no schema.");
        }

        var index = 1;
        var leaf = 0;
        var children = schema[0].NumChildren ?? 0;
        for (var c = 0; c < children; c++)
        {
            if (index >= schema.Count)
            {
                throw new DataException($"{file}: the Parquet schema lists fewer elements than its root's {children} children.");
            }

            var e = schema[index];
            if (e.NumChildren is > 0)
            {
                var leaves = CountLeaves(schema, ref index, file);
                unsupported[e.Name] = $"is a nested group ({Describe(e)}); nested columns are not supported";
                leaf += leaves;
                continue;
            }

            index++;
            if (e.Repetition == Repetition.Repeated)
            {
                unsupported[e.Name] = "is a repeated field; repeated columns are not supported";
            }
            else if (Map(e, out var reason) is { } mapped)
            {
                columns.Add(new LeafColumn(e.Name, leaf, e.Type!.Value, e.TypeLength ?? 0, mapped.Type, e.Repetition == Repetition.Required ? 0 : 1, mapped.Adjust));
            }
            else
            {
                unsupported[e.Name] = reason!;
            }

            leaf++;
        }

        return (columns, unsupported);
    }

    private static int CountLeaves(List<SchemaElement> schema, ref int index, string file)
    {
        if (index >= schema.Count)
        {
            throw new DataException($"{file}: the Parquet schema tree is truncated.");
        }

        var e = schema[index++];
        if (e.NumChildren is not > 0)
        {
            return 1;
        }

        var leaves = 0;
        for (var i = 0; i < e.NumChildren; i++)
        {
            leaves += CountLeaves(schema, ref index, file);
        }

        return leaves;
    }

    private static string Describe(SchemaElement e) =>
        e.LogicalType?.Kind is LogicalKind.List or LogicalKind.Map ? e.LogicalType.Kind.ToString().ToUpperInvariant()
        : e.ConvertedType is ConvertedType.List or ConvertedType.Map ? e.ConvertedType.Value.ToString().ToUpperInvariant()
        : "STRUCT";

    private static (DataType Type, ValueAdjust Adjust)? Map(SchemaElement e, out string? reason)
    {
        reason = null;
        var logical = e.LogicalType;
        var converted = e.ConvertedType;
        if (e.Type is not { } physical)
        {
            reason = "has no physical type";
            return null;
        }

        // A DECIMAL annotation wins whatever the physical type.
        if (logical?.Kind == LogicalKind.Decimal || (logical is null && converted == ConvertedType.Decimal))
        {
            var precision = logical?.Kind == LogicalKind.Decimal ? logical.Precision : e.Precision ?? 0;
            var scale = logical?.Kind == LogicalKind.Decimal ? logical.Scale : e.Scale ?? 0;
            if (precision > 18 || scale is < 0 or > 18)
            {
                reason = $"is DECIMAL({precision}, {scale}); decimals wider than 18 digits are not supported (cast to DECIMAL(18, s) or DOUBLE when writing)";
                return null;
            }

            if (physical == PhysicalKind.FixedLenByteArray && e.TypeLength is not (> 0 and <= 16))
            {
                reason = $"is a DECIMAL of FIXED_LEN_BYTE_ARRAY({e.TypeLength}), which is not supported";
                return null;
            }

            if (physical is not (PhysicalKind.Int32 or PhysicalKind.Int64 or PhysicalKind.FixedLenByteArray or PhysicalKind.ByteArray))
            {
                reason = $"is a DECIMAL stored as {physical}, which is not supported";
                return null;
            }

            return (DataType.Decimal(scale), ValueAdjust.None);
        }

        var kind = logical?.Kind ?? LogicalKind.None;
        switch (physical)
        {
            case PhysicalKind.Boolean:
                return (DataType.Bool, ValueAdjust.None);
            case PhysicalKind.Float or PhysicalKind.Double:
                return (DataType.Float64, ValueAdjust.None);
            case PhysicalKind.Int96:
                return (DataType.Timestamp, ValueAdjust.None);
            case PhysicalKind.Int32:
                if (kind == LogicalKind.Date || converted == ConvertedType.Date)
                {
                    return (DataType.Date, ValueAdjust.None);
                }

                if (kind == LogicalKind.Integer)
                {
                    return (DataType.Int64, logical!.IsSigned ? ValueAdjust.None : ValueAdjust.Unsigned32);
                }

                if (kind == LogicalKind.None && (converted is null || converted is >= ConvertedType.Uint8 and <= ConvertedType.Int64))
                {
                    return (DataType.Int64, converted == ConvertedType.Uint32 ? ValueAdjust.Unsigned32 : ValueAdjust.None);
                }

                break;
            case PhysicalKind.Int64:
                if (kind == LogicalKind.Timestamp)
                {
                    return (DataType.Timestamp, logical!.Unit switch { TimeUnit.Millis => ValueAdjust.FromMillis, TimeUnit.Nanos => ValueAdjust.FromNanos, _ => ValueAdjust.None });
                }

                if (kind == LogicalKind.None && converted is ConvertedType.TimestampMillis or ConvertedType.TimestampMicros)
                {
                    return (DataType.Timestamp, converted == ConvertedType.TimestampMillis ? ValueAdjust.FromMillis : ValueAdjust.None);
                }

                if ((kind == LogicalKind.Integer && logical!.IsSigned) || (kind == LogicalKind.None && converted is null or ConvertedType.Int64 or ConvertedType.Int32 or ConvertedType.Int16 or ConvertedType.Int8))
                {
                    return (DataType.Int64, ValueAdjust.None);
                }

                if (kind == LogicalKind.Integer || converted is ConvertedType.Uint64 or ConvertedType.Uint32 or ConvertedType.Uint16 or ConvertedType.Uint8)
                {
                    reason = "is an unsigned 64-bit integer (UINT64), which does not fit int64; cast it to a signed type when writing";
                    return null;
                }

                break;
            case PhysicalKind.ByteArray:
                if (kind is LogicalKind.None or LogicalKind.String or LogicalKind.Enum or LogicalKind.Json)
                {
                    return (DataType.String, ValueAdjust.None);
                }

                break;
        }

        reason = $"is {physical}{(kind != LogicalKind.None ? $" {kind.ToString().ToUpperInvariant()}" : converted is { } ct ? $" {ct.ToString().ToUpperInvariant()}" : "")}, which is not supported";
        return null;
    }
}
