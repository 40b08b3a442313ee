namespace Sluice.Data.Parquet.Format;

/// <summary>Parquet value and level encodings (the <c>Encoding</c> enum of the format).</summary>
internal enum ValueEncoding
{
    Plain = 0,
    PlainDictionary = 2,
    Rle = 3,
    BitPacked = 4,
    DeltaBinaryPacked = 5,
    DeltaLengthByteArray = 6,
    DeltaByteArray = 7,
    RleDictionary = 8,
    ByteStreamSplit = 9,
}
