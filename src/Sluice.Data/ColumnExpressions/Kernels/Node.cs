using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>A compiled expression node: evaluates to a new column (owned by the caller) for a batch.</summary>
internal abstract class Node(DataType type)
{
    public DataType Type { get; } = type;

    public abstract Column Eval(RecordBatch batch);
}

/// <summary>A column of the input batch (shared, not copied).</summary>
internal sealed class ColumnNode(int index, DataType type) : Node(type)
{
    public int Index { get; } = index;

    public override Column Eval(RecordBatch batch) => batch.Column(Index).Retain();
}

/// <summary>A constant, broadcast to the batch length when a kernel has no scalar path.</summary>
internal sealed class LiteralNode : Node
{
    public LiteralNode(DataType type, object? value)
        : base(type)
    {
        Value = value;
        IsNull = value is null;
        switch (value)
        {
            case long l:
                Int = l;
                break;
            case int d:
                Int = d;
                break;
            case bool b:
                Int = b ? 1 : 0;
                break;
            case double f:
                Float = f;
                break;
            case byte[] s:
                Utf8 = s;
                break;
        }
    }

    /// <summary>The physical value: long (Int64, Decimal, Timestamp), int (Date), double, bool, byte[] (UTF-8) or null.</summary>
    public object? Value { get; }

    public bool IsNull { get; }

    /// <summary>The value as a long (Int64, Decimal, Timestamp, Date, Bool).</summary>
    public long Int { get; }

    public double Float { get; }

    public byte[] Utf8 { get; } = [];

    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        switch (Type.Kind)
        {
            case TypeKind.String:
                var b = new Utf8Builder(n, n * Utf8.Length);
                for (var i = 0; i < n; i++)
                {
                    if (IsNull)
                    {
                        b.AppendNull();
                    }
                    else
                    {
                        b.Append(Utf8);
                    }
                }

                return b.Build();
            case TypeKind.Float64:
                return Fill(n, Float);
            case TypeKind.Bool:
                return Fill(n, Int != 0);
            case TypeKind.Date:
                return Fill(n, (int)Int);
            default:
                return Fill(n, Int);
        }
    }

    private PrimitiveColumn<T> Fill<T>(int n, T value)
        where T : unmanaged
    {
        var values = Buffers.Rent<T>(n);
        values.AsSpan(0, n).Fill(IsNull ? default : value);
        return new PrimitiveColumn<T>(Type, values, n, IsNull ? ValidityMask.Create(n, false) : null);
    }
}
