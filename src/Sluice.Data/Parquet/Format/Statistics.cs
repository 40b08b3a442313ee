using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>Column chunk statistics: min/max in PLAIN encoding (strings without a length prefix) and the null count.</summary>
internal sealed class Statistics
{
    public long? NullCount { get; set; }

    public byte[]? MinValue { get; set; }

    public byte[]? MaxValue { get; set; }

    public bool? IsMinExact { get; set; }

    public bool? IsMaxExact { get; set; }

    public long? NanCount { get; set; }

    public void WriteFields(CompactWriter w)
    {
        if (NullCount is { } nulls)
        {
            w.I64Field(3, nulls);
        }

        if (MaxValue is { } max)
        {
            w.BinaryField(5, max);
        }

        if (MinValue is { } min)
        {
            w.BinaryField(6, min);
        }

        if (IsMaxExact is { } maxExact)
        {
            w.BoolField(7, maxExact);
        }

        if (IsMinExact is { } minExact)
        {
            w.BoolField(8, minExact);
        }

        if (NanCount is { } nan)
        {
            w.I64Field(9, nan);
        }
    }

    public static Statistics Read(ref CompactReader r)
    {
        var s = new Statistics();
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 3 when type == CompactType.I64: s.NullCount = r.ReadI64(); break;
                case 5 when type == CompactType.Binary: s.MaxValue = r.ReadBinary().ToArray(); break;
                case 6 when type == CompactType.Binary: s.MinValue = r.ReadBinary().ToArray(); break;
                case 9 when type == CompactType.I64: s.NanCount = r.ReadI64(); break;
                default: r.Skip(type); break;
            }
        }

        return s;
    }
}
