using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>is_null / is_not_null: never null themselves.</summary>
internal sealed class IsNullNode(Node arg, bool negate) : Node(DataType.Bool)
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = arg.Eval(batch);
        var n = c.Length;
        var result = Buffers.Rent<bool>(n);
        for (var i = 0; i < n; i++)
        {
            result[i] = c.IsNull(i) != negate;
        }

        return new PrimitiveColumn<bool>(DataType.Bool, result, n, null);
    }
}

/// <summary>coalesce(a, b, …): per row the first non-null argument (arguments are already cast to one type).</summary>
internal sealed class CoalesceNode(Node[] args, DataType type) : Node(type)
{
    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        var current = args[0].Eval(batch);
        for (var k = 1; k < args.Length && current.Validity is not null; k++)
        {
            using var next = args[k].Eval(batch);
            using var cond = IsNullMask(current);
            var merged = IfElseNode.Select(cond, next, current, n);
            current.Dispose();
            current = merged;
        }

        return current;
    }

    private static PrimitiveColumn<bool> IsNullMask(Column c)
    {
        var r = Buffers.Rent<bool>(c.Length);
        for (var i = 0; i < c.Length; i++)
        {
            r[i] = c.IsNull(i);
        }

        return new PrimitiveColumn<bool>(DataType.Bool, r, c.Length, null);
    }
}

/// <summary>if_else(cond, a, b): a where cond is true, b where it is false or null.</summary>
internal sealed class IfElseNode(Node cond, Node whenTrue, Node whenFalse) : Node(whenTrue.Type)
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = (PrimitiveColumn<bool>)cond.Eval(batch);
        using var a = whenTrue.Eval(batch);
        using var b = whenFalse.Eval(batch);
        return Select(c, a, b, batch.RowCount);
    }

    /// <summary>Row-wise choice between two columns of one type.</summary>
    public static Column Select(PrimitiveColumn<bool> cond, Column a, Column b, int n)
    {
        var rows = Buffers.Rent<int>(n);
        try
        {
            // Gather from a virtual concatenation: index i picks a[i], n + i picks b[i].
            for (var i = 0; i < n; i++)
            {
                rows[i] = cond.Values[i] && !cond.IsNull(i) ? i : n + i;
            }

            using var both = ColumnConcat.Concat(a.Type, [a, b]);
            return both.Gather(rows.AsSpan(0, n));
        }
        finally
        {
            Buffers.Return(rows);
        }
    }
}
