namespace Sluice.Data.Parquet.Format;

/// <summary>Parquet physical types (the <c>Type</c> enum of the format).</summary>
internal enum PhysicalKind
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Int96 = 3,
    Float = 4,
    Double = 5,
    ByteArray = 6,
    FixedLenByteArray = 7,
}
