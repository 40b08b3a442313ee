using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Format;

/// <summary>The <c>LogicalType</c> union: which member is set plus the parameters of DECIMAL, TIME, TIMESTAMP and INTEGER.</summary>
internal sealed record LogicalType(LogicalKind Kind)
{
    public int Scale { get; init; }

    public int Precision { get; init; }

    public TimeUnit Unit { get; init; }

    public bool IsAdjustedToUtc { get; init; }

    public int BitWidth { get; init; }

    public bool IsSigned { get; init; } = true;

    public void WriteFields(CompactWriter w)
    {
        w.StructField((short)Kind);
        switch (Kind)
        {
            case LogicalKind.Decimal:
                w.I32Field(1, Scale);
                w.I32Field(2, Precision);
                break;
            case LogicalKind.Timestamp or LogicalKind.Time:
                w.BoolField(1, IsAdjustedToUtc);
                w.StructField(2);
                w.EmptyStructField((short)Unit);
                w.EndStruct();
                break;
        }

        w.EndStruct();
    }

    public static LogicalType Read(ref CompactReader r)
    {
        r.BeginStruct();
        var result = new LogicalType(LogicalKind.None);
        while (r.NextField(out var id, out var type))
        {
            if (type != CompactType.Struct)
            {
                r.Skip(type);
                continue;
            }

            result = (LogicalKind)id switch
            {
                LogicalKind.Decimal => ReadDecimal(ref r),
                LogicalKind.Timestamp or LogicalKind.Time => ReadTemporal(ref r, (LogicalKind)id),
                LogicalKind.Integer => ReadInteger(ref r),
                _ => SkipMember(ref r, (LogicalKind)id),
            };
        }

        return result;
    }

    private static LogicalType SkipMember(ref CompactReader r, LogicalKind kind)
    {
        r.Skip(CompactType.Struct);
        return new LogicalType(Enum.IsDefined(kind) ? kind : LogicalKind.Unknown);
    }

    private static LogicalType ReadDecimal(ref CompactReader r)
    {
        int scale = 0, precision = 0;
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: scale = r.ReadI32(); break;
                case 2 when type == CompactType.I32: precision = r.ReadI32(); break;
                default: r.Skip(type); break;
            }
        }

        return new LogicalType(LogicalKind.Decimal) { Scale = scale, Precision = precision };
    }

    private static LogicalType ReadTemporal(ref CompactReader r, LogicalKind kind)
    {
        var utc = false;
        var unit = TimeUnit.None;
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            if (id == 1 && type is CompactType.BoolTrue or CompactType.BoolFalse)
            {
                utc = r.BoolFieldValue;
            }
            else if (id == 2 && type == CompactType.Struct)
            {
                r.BeginStruct();
                while (r.NextField(out var unitId, out var unitType))
                {
                    unit = unitId is >= 1 and <= 3 ? (TimeUnit)unitId : unit;
                    r.Skip(unitType);
                }
            }
            else
            {
                r.Skip(type);
            }
        }

        return new LogicalType(kind) { IsAdjustedToUtc = utc, Unit = unit };
    }

    private static LogicalType ReadInteger(ref CompactReader r)
    {
        int width = 64;
        var signed = true;
        r.BeginStruct();
        while (r.NextField(out var id, out var type))
        {
            if (id == 1 && type == CompactType.Byte)
            {
                width = (sbyte)r.ReadByte();
            }
            else if (id == 2 && type is CompactType.BoolTrue or CompactType.BoolFalse)
            {
                signed = r.BoolFieldValue;
            }
            else
            {
                r.Skip(type);
            }
        }

        return new LogicalType(LogicalKind.Integer) { BitWidth = width, IsSigned = signed };
    }
}
