namespace Sluice.Data.Parquet.Thrift;

/// <summary>The type codes of the Thrift compact protocol (the low nibble of a field header or list header).</summary>
internal enum CompactType : byte
{
    Stop = 0,
    BoolTrue = 1,
    BoolFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}
