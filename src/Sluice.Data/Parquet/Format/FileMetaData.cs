using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>The footer: schema, row groups and the writer's name.</summary>
internal sealed class FileMetaData
{
    public int Version { get; set; } = 1;

    public List<SchemaElement> Schema { get; set; } = [];

    public long NumRows { get; set; }

    public List<RowGroup> RowGroups { get; set; } = [];

    public string? CreatedBy { get; set; }

    /// <summary>Number of leaf columns that get a TYPE_ORDER column order (written so min/max statistics are defined).</summary>
    public int TypeOrderColumns { get; set; }

    public void WriteFields(CompactWriter w)
    {
        w.I32Field(1, Version);
        w.ListField(2, CompactType.Struct, Schema.Count);
        foreach (var e in Schema)
        {
            w.BeginStruct();
            e.WriteFields(w);
            w.EndStruct();
        }

        w.I64Field(3, NumRows);
        w.ListField(4, CompactType.Struct, RowGroups.Count);
        foreach (var g in RowGroups)
        {
            w.BeginStruct();
            g.WriteFields(w);
            w.EndStruct();
        }

        if (CreatedBy is { } createdBy)
        {
            w.StringField(6, createdBy);
        }

        if (TypeOrderColumns > 0)
        {
            w.ListField(7, CompactType.Struct, TypeOrderColumns);
            for (var i = 0; i < TypeOrderColumns; i++)
            {
                w.BeginStruct();
                w.EmptyStructField(1);
                w.EndStruct();
            }
        }
    }

    public static FileMetaData Read(ref CompactReader r)
    {
        var m = new FileMetaData();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: m.Version = r.ReadI32(); break;
                case 2 when type == CompactType.List:
                    var n = r.ReadListHeader(out var et);
                    for (var i = 0; i < n; i++)
                    {
                        if (et != CompactType.Struct)
                        {
                            throw r.Corrupt("schema list elements are not structs");
                        }

                        m.Schema.Add(SchemaElement.Read(ref r));
                    }

                    break;
                case 3 when type == CompactType.I64: m.NumRows = r.ReadI64(); break;
                case 4 when type == CompactType.List:
                    var groups = r.ReadListHeader(out var gt);
                    for (var i = 0; i < groups; i++)
                    {
                        if (gt != CompactType.Struct)
                        {
                            throw r.Corrupt("row group list elements are not structs");
                        }

                        m.RowGroups.Add(RowGroup.Read(ref r));
                    }

                    break;
                case 6 when type == CompactType.Binary: m.CreatedBy = r.ReadString(); break;
                default: r.Skip(type); break;
            }
        }

        return m;
    }
}
