using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>abs, round (half away from zero), floor, ceil, sqrt.</summary>
internal static class MathFunctions
{
    public static Node Bind(string name, Node[] args)
    {
        FunctionBinder.Arity(name, args, 1, name == "round" ? 2 : 1);
        var arg = args[0];
        var t = arg.Type;
        if (!t.IsNumeric)
        {
            throw new DataException($"{name} expects a number, got {t}.");
        }

        var digits = args.Length == 2 ? (int)FunctionBinder.IntConst(name, args[1]) : 0;
        if (t.Kind == TypeKind.Float64 || name == "sqrt")
        {
            return new DoubleMapNode(arg, name switch
            {
                "abs" => static (double x, out double y) => Ok(Math.Abs(x), out y),
                "floor" => static (double x, out double y) => Ok(Math.Floor(x), out y),
                "ceil" => static (double x, out double y) => Ok(Math.Ceiling(x), out y),
                "sqrt" => static (double x, out double y) => Ok(Math.Sqrt(x), out y) && x >= 0,
                _ => (double x, out double y) => Ok(Math.Round(x, Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero), out y),
            });
        }

        var scale = t.Kind == TypeKind.Decimal ? t.Scale : 0;
        var unit = Pow10.Int64(scale);
        return name switch
        {
            "abs" => new LongMapNode(arg, t, static (long x, out long y) => Ok(checked(Math.Abs(x)), out y)),
            "floor" => new LongMapNode(arg, DataType.Int64, (long x, out long y) => Ok(FloorDiv(x, unit), out y)),
            "ceil" => new LongMapNode(arg, DataType.Int64, (long x, out long y) => Ok(-FloorDiv(-x, unit), out y)),
            _ when digits >= scale => arg,
            _ => RoundDecimal(arg, t, Pow10.Int64(scale - Math.Max(digits, 0))),
        };
    }

    private static LongMapNode RoundDecimal(Node arg, DataType t, long step) =>
        new(arg, t, (long x, out long y) => Ok(CastNode.RoundDiv(x, step) * step, out y));

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static bool Ok<T>(T value, out T result)
    {
        result = value;
        return true;
    }
}
