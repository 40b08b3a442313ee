using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>Maps logical types to the CLR type that stores them.</summary>
internal static class PhysicalType
{
    public static Type Of(DataType type) => type.Kind switch
    {
        TypeKind.Int64 or TypeKind.Timestamp or TypeKind.Decimal => typeof(long),
        TypeKind.Date => typeof(int),
        TypeKind.Float64 => typeof(double),
        TypeKind.Bool => typeof(bool),
        _ => typeof(byte[]),
    };
}
