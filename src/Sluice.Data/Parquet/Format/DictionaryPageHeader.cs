using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>Header of a dictionary page (PLAIN-encoded distinct values).</summary>
internal sealed class DictionaryPageHeader
{
    public int NumValues { get; set; }

    public ValueEncoding Encoding { get; set; } = ValueEncoding.Plain;

    public void WriteFields(CompactWriter w)
    {
        w.I32Field(1, NumValues);
        w.I32Field(2, (int)Encoding);
    }

    public static DictionaryPageHeader Read(ref CompactReader r)
    {
        var h = new DictionaryPageHeader();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when type == CompactType.I32: h.Encoding = (ValueEncoding)r.ReadI32(); break;
                default: r.Skip(type); break;
            }
        }

        return h;
    }
}
