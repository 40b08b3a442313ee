using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>A column chunk of a row group: its metadata (data in another file is not supported).</summary>
internal sealed class ColumnChunk
{
    public string? FilePath { get; set; }

    public long FileOffset { get; set; }

    public ColumnMetaData? MetaData { get; set; }

    public void WriteFields(CompactWriter w)
    {
        w.I64Field(2, FileOffset);
        if (MetaData is { } meta)
        {
            w.StructField(3);
            meta.WriteFields(w);
            w.EndStruct();
        }
    }

    public static ColumnChunk Read(ref CompactReader r)
    {
        var c = new ColumnChunk();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.Binary: c.FilePath = r.ReadString(); break;
                case 2 when type == CompactType.I64: c.FileOffset = r.ReadI64(); break;
                case 3 when type == CompactType.Struct: c.MetaData = ColumnMetaData.Read(ref r); break;
                default: r.Skip(type); break;
            }
        }

        return c;
    }
}
