using Sluice.Data.Batches;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// Maps our column types to Parquet: int64 → INT64; date → INT32 DATE; timestamp → INT64 TIMESTAMP(MICROS, not
/// UTC-adjusted); float64 → DOUBLE; bool → BOOLEAN; decimal(s) → INT64 DECIMAL(18, s); string → BYTE_ARRAY STRING.
/// Every column is OPTIONAL.
/// </summary>
internal static class ParquetSchemaWriter
{
    public static List<SchemaElement> Elements(Schema schema)
    {
        var elements = new List<SchemaElement> { new() { Name = "schema", NumChildren = schema.Count } };
        foreach (var f in schema.Fields)
        {
            var e = new SchemaElement { Name = f.Name, Repetition = Repetition.Optional };
            switch (f.Type.Kind)
            {
                case TypeKind.Int64:
                    e.Type = PhysicalKind.Int64;
                    break;
                case TypeKind.Float64:
                    e.Type = PhysicalKind.Double;
                    break;
                case TypeKind.Bool:
                    e.Type = PhysicalKind.Boolean;
                    break;
                case TypeKind.Date:
                    e.Type = PhysicalKind.Int32;
                    e.ConvertedType = ConvertedType.Date;
                    e.LogicalType = new LogicalType(LogicalKind.Date);
                    break;
                case TypeKind.Timestamp:
                    e.Type = PhysicalKind.Int64;
                    e.ConvertedType = ConvertedType.TimestampMicros;
                    e.LogicalType = new LogicalType(LogicalKind.Timestamp) { Unit = TimeUnit.Micros, IsAdjustedToUtc = false };
                    break;
                case TypeKind.Decimal:
                    e.Type = PhysicalKind.Int64;
                    e.ConvertedType = ConvertedType.Decimal;
                    e.Scale = f.Type.Scale;
                    e.Precision = 18;
                    e.LogicalType = new LogicalType(LogicalKind.Decimal) { Scale = f.Type.Scale, Precision = 18 };
                    break;
                default:
                    e.Type = PhysicalKind.ByteArray;
                    e.ConvertedType = ConvertedType.Utf8;
                    e.LogicalType = new LogicalType(LogicalKind.String);
                    break;
            }

            elements.Add(e);
        }

        return elements;
    }

    public static ColumnWriter CreateWriter(Field field, ParquetWriteOptions options) => field.Type.Kind switch
    {
        TypeKind.Int64 or TypeKind.Timestamp or TypeKind.Decimal => new FixedColumnWriter<long>(field.Name, PhysicalKind.Int64, options),
        TypeKind.Date => new FixedColumnWriter<int>(field.Name, PhysicalKind.Int32, options),
        TypeKind.Float64 => new FixedColumnWriter<double>(field.Name, PhysicalKind.Double, options),
        TypeKind.Bool => new BoolColumnWriter(field.Name, options),
        _ => new StringColumnWriter(field.Name, options),
    };
}
