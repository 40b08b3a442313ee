using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>Header of a v2 data page: levels stored uncompressed before the (optionally compressed) values.</summary>
internal sealed class DataPageHeaderV2
{
    public int NumValues { get; set; }

    public int NumNulls { get; set; }

    public int NumRows { get; set; }

    public ValueEncoding Encoding { get; set; }

    public int DefinitionLevelsByteLength { get; set; }

    public int RepetitionLevelsByteLength { get; set; }

    public bool IsCompressed { get; set; } = true;

    public static DataPageHeaderV2 Read(ref CompactReader r)
    {
        var h = new DataPageHeaderV2();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when type == CompactType.I32: h.NumNulls = r.ReadI32(); break;
                case 3 when type == CompactType.I32: h.NumRows = r.ReadI32(); break;
                case 4 when type == CompactType.I32: h.Encoding = (ValueEncoding)r.ReadI32(); break;
                case 5 when type == CompactType.I32: h.DefinitionLevelsByteLength = r.ReadI32(); break;
                case 6 when type == CompactType.I32: h.RepetitionLevelsByteLength = r.ReadI32(); break;
                case 7 when type is CompactType.BoolTrue or CompactType.BoolFalse: h.IsCompressed = r.BoolFieldValue; break;
                default: r.Skip(type); break;
            }
        }

        return h;
    }
}
