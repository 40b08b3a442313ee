using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>A horizontal slice of the file: one column chunk per leaf column.</summary>
internal sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = [];

    public long TotalByteSize { get; set; }

    public long NumRows { get; set; }

    public long? FileOffset { get; set; }

    public long? TotalCompressedSize { get; set; }

    public short? Ordinal { get; set; }

    public void WriteFields(CompactWriter w)
    {
        w.ListField(1, CompactType.Struct, Columns.Count);
        foreach (var c in Columns)
        {
            w.BeginStruct();
            c.WriteFields(w);
            w.EndStruct();
        }

        w.I64Field(2, TotalByteSize);
        w.I64Field(3, NumRows);
        if (FileOffset is { } offset)
        {
            w.I64Field(5, offset);
        }

        if (TotalCompressedSize is { } compressed)
        {
            w.I64Field(6, compressed);
        }

        if (Ordinal is { } ordinal)
        {
            w.FieldHeader(7, CompactType.I16);
            w.WriteI32(ordinal);
        }
    }

    public static RowGroup Read(ref CompactReader r)
    {
        var g = new RowGroup();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.List:
                    var n = r.ReadListHeader(out var et);
                    for (var i = 0; i < n; i++)
                    {
                        if (et == CompactType.Struct)
                        {
                            g.Columns.Add(ColumnChunk.Read(ref r));
                        }
                        else
                        {
                            r.Skip(et);
                        }
                    }

                    break;
                case 2 when type == CompactType.I64: g.TotalByteSize = r.ReadI64(); break;
                case 3 when type == CompactType.I64: g.NumRows = r.ReadI64(); break;
                case 5 when type == CompactType.I64: g.FileOffset = r.ReadI64(); break;
                case 6 when type == CompactType.I64: g.TotalCompressedSize = r.ReadI64(); break;
                default: r.Skip(type); break;
            }
        }

        return g;
    }
}
