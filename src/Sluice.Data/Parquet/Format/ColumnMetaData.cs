using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>Where a column chunk's pages are and how they are encoded and compressed.</summary>
internal sealed class ColumnMetaData
{
    public PhysicalKind Type { get; set; }

    public List<ValueEncoding> Encodings { get; set; } = [];

    public List<string> Path { get; set; } = [];

    public CompressionCodec Codec { get; set; }

    public long NumValues { get; set; }

    public long TotalUncompressedSize { get; set; }

    public long TotalCompressedSize { get; set; }

    public long DataPageOffset { get; set; }

    public long? DictionaryPageOffset { get; set; }

    public Statistics? Statistics { get; set; }

    public void WriteFields(CompactWriter w)
    {
        w.I32Field(1, (int)Type);
        w.ListField(2, CompactType.I32, Encodings.Count);
        foreach (var e in Encodings)
        {
            w.WriteI32((int)e);
        }

        w.ListField(3, CompactType.Binary, Path.Count);
        foreach (var p in Path)
        {
            w.WriteString(p);
        }

        w.I32Field(4, (int)Codec);
        w.I64Field(5, NumValues);
        w.I64Field(6, TotalUncompressedSize);
        w.I64Field(7, TotalCompressedSize);
        w.I64Field(9, DataPageOffset);
        if (DictionaryPageOffset is { } dict)
        {
            w.I64Field(11, dict);
        }

        if (Statistics is { } stats)
        {
            w.StructField(12);
            stats.WriteFields(w);
            w.EndStruct();
        }
    }

    public static ColumnMetaData Read(ref CompactReader r)
    {
        var m = new ColumnMetaData();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: m.Type = (PhysicalKind)r.ReadI32(); break;
                case 2 when type == CompactType.List:
                    var n = r.ReadListHeader(out var et);
                    for (var i = 0; i < n; i++)
                    {
                        if (et == CompactType.I32)
                        {
                            m.Encodings.Add((ValueEncoding)r.ReadI32());
                        }
                        else
                        {
                            r.Skip(et);
                        }
                    }

                    break;
                case 3 when type == CompactType.List:
                    var count = r.ReadListHeader(out var pt);
                    for (var i = 0; i < count; i++)
                    {
                        if (pt == CompactType.Binary)
                        {
                            m.Path.Add(r.ReadString());
                        }
                        else
                        {
                            r.Skip(pt);
                        }
                    }

                    break;
                case 4 when type == CompactType.I32: m.Codec = (CompressionCodec)r.ReadI32(); break;
                case 5 when type == CompactType.I64: m.NumValues = r.ReadI64(); break;
                case 6 when type == CompactType.I64: m.TotalUncompressedSize = r.ReadI64(); break;
                case 7 when type == CompactType.I64: m.TotalCompressedSize = r.ReadI64(); break;
                case 9 when type == CompactType.I64: m.DataPageOffset = r.ReadI64(); break;
                case 11 when type == CompactType.I64: m.DictionaryPageOffset = r.ReadI64(); break;
                case 12 when type == CompactType.Struct: m.Statistics = Statistics.Read(ref r); break;
                default: r.Skip(type); break;
            }
        }

        return m;
    }
}
