using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>Header of a v1 data page: levels and values compressed together, levels prefixed by their byte length.</summary>
internal sealed class DataPageHeader
{
    public int NumValues { get; set; }

    public ValueEncoding Encoding { get; set; }

    public ValueEncoding DefinitionLevelEncoding { get; set; } = ValueEncoding.Rle;

    public ValueEncoding RepetitionLevelEncoding { get; set; } = ValueEncoding.Rle;

    public void WriteFields(CompactWriter w)
    {
        w.I32Field(1, NumValues);
        w.I32Field(2, (int)Encoding);
        w.I32Field(3, (int)DefinitionLevelEncoding);
        w.I32Field(4, (int)RepetitionLevelEncoding);
    }

    public static DataPageHeader Read(ref CompactReader r)
    {
        var h = new DataPageHeader();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when type == CompactType.I32: h.Encoding = (ValueEncoding)r.ReadI32(); break;
                case 3 when type == CompactType.I32: h.DefinitionLevelEncoding = (ValueEncoding)r.ReadI32(); break;
                case 4 when type == CompactType.I32: h.RepetitionLevelEncoding = (ValueEncoding)r.ReadI32(); break;
                default: r.Skip(type); break;
            }
        }

        return h;
    }
}
