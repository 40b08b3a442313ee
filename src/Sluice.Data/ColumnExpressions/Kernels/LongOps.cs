namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>An int64 binary operation, inlined into the kernel loop through a generic struct.</summary>
internal interface ILongOp
{
    static abstract long Apply(long a, long b);
}

internal readonly struct AddOp : ILongOp
{
    public static long Apply(long a, long b) => checked(a + b);
}

internal readonly struct SubtractOp : ILongOp
{
    public static long Apply(long a, long b) => checked(a - b);
}

internal readonly struct MultiplyOp : ILongOp
{
    public static long Apply(long a, long b) => checked(a * b);
}

/// <summary>Loops of int64 operations over array/scalar operand combinations.</summary>
internal static class LongKernel
{
    public static void Run<TOp>(in LongArg a, in LongArg b, Span<long> result)
        where TOp : ILongOp
    {
        var n = result.Length;
        if (a.Array is { } x && b.Array is { } y)
        {
            for (var i = 0; i < n; i++)
            {
                result[i] = TOp.Apply(x[i], y[i]);
            }
        }
        else if (a.Array is { } xa)
        {
            var s = b.Scalar;
            for (var i = 0; i < n; i++)
            {
                result[i] = TOp.Apply(xa[i], s);
            }
        }
        else if (b.Array is { } yb)
        {
            var s = a.Scalar;
            for (var i = 0; i < n; i++)
            {
                result[i] = TOp.Apply(s, yb[i]);
            }
        }
        else
        {
            result.Fill(TOp.Apply(a.Scalar, b.Scalar));
        }
    }

    public static long At(in LongArg a, int i) => a.Array is { } x ? x[i] : a.Scalar;
}
