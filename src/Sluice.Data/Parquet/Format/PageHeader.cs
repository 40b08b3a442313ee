using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>The header before every page: its type, sizes and the type-specific header.</summary>
internal sealed class PageHeader
{
    public PageType Type { get; set; }

    public int UncompressedPageSize { get; set; }

    public int CompressedPageSize { get; set; }

    public DataPageHeader? DataPage { get; set; }

    public DictionaryPageHeader? DictionaryPage { get; set; }

    public DataPageHeaderV2? DataPageV2 { get; set; }

    public void WriteFields(CompactWriter w)
    {
        w.I32Field(1, (int)Type);
        w.I32Field(2, UncompressedPageSize);
        w.I32Field(3, CompressedPageSize);
        if (DataPage is { } data)
        {
            w.StructField(5);
            data.WriteFields(w);
            w.EndStruct();
        }

        if (DictionaryPage is { } dict)
        {
            w.StructField(7);
            dict.WriteFields(w);
            w.EndStruct();
        }
    }

    public static PageHeader Read(ref CompactReader r)
    {
        var h = new PageHeader();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: h.Type = (PageType)r.ReadI32(); break;
                case 2 when type == CompactType.I32: h.UncompressedPageSize = r.ReadI32(); break;
                case 3 when type == CompactType.I32: h.CompressedPageSize = r.ReadI32(); break;
                case 5 when type == CompactType.Struct: h.DataPage = DataPageHeader.Read(ref r); break;
                case 7 when type == CompactType.Struct: h.DictionaryPage = DictionaryPageHeader.Read(ref r); break;
                case 8 when type == CompactType.Struct: h.DataPageV2 = DataPageHeaderV2.Read(ref r); break;
                default: r.Skip(type); break;
            }
        }

        return h;
    }
}
