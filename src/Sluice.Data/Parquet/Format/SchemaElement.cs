using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>One node of the flattened schema tree (the root first, then children depth-first).</summary>
internal sealed class SchemaElement
{
    public PhysicalKind? Type { get; set; }

    public int? TypeLength { get; set; }

    public Repetition? Repetition { get; set; }

    public string Name { get; set; } = "";

    public int? NumChildren { get; set; }

    public ConvertedType? ConvertedType { get; set; }

    public int? Scale { get; set; }

    public int? Precision { get; set; }

    public LogicalType? LogicalType { get; set; }

    public void WriteFields(CompactWriter w)
    {
        if (Type is { } t)
        {
            w.I32Field(1, (int)t);
        }

        if (TypeLength is { } len)
        {
            w.I32Field(2, len);
        }

        if (Repetition is { } rep)
        {
            w.I32Field(3, (int)rep);
        }

        w.StringField(4, Name);
        if (NumChildren is { } n)
        {
            w.I32Field(5, n);
        }

        if (ConvertedType is { } ct)
        {
            w.I32Field(6, (int)ct);
        }

        if (Scale is { } scale)
        {
            w.I32Field(7, scale);
        }

        if (Precision is { } precision)
        {
            w.I32Field(8, precision);
        }

        if (LogicalType is { } logical)
        {
            w.StructField(10);
            logical.WriteFields(w);
            w.EndStruct();
        }
    }

    public static SchemaElement Read(ref CompactReader r)
    {
        var e = new SchemaElement();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: e.Type = (PhysicalKind)r.ReadI32(); break;
                case 2 when type == CompactType.I32: e.TypeLength = r.ReadI32(); break;
                case 3 when type == CompactType.I32: e.Repetition = (Repetition)r.ReadI32(); break;
                case 4 when type == CompactType.Binary: e.Name = r.ReadString(); break;
                case 5 when type == CompactType.I32: e.NumChildren = r.ReadI32(); break;
                case 6 when type == CompactType.I32: e.ConvertedType = (ConvertedType)r.ReadI32(); break;
                case 7 when type == CompactType.I32: e.Scale = r.ReadI32(); break;
                case 8 when type == CompactType.I32: e.Precision = r.ReadI32(); break;
                case 10 when type == CompactType.Struct: e.LogicalType = LogicalType.Read(ref r); break;
                default: r.Skip(type); break;
            }
        }

        return e;
    }
}
