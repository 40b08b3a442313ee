using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>abs, round, min, max, sum, range.</summary>
internal static partial class NumberFunctions
{
    public static void Register(Registrar add)
    {
        add("abs", 1, 1, Abs);
        add("round", 1, 2, Round);
        add("min", 1, int.MaxValue, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Extreme(ref c, o, "min", a, sign: -1));
        add("max", 1, int.MaxValue, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Extreme(ref c, o, "max", a, sign: 1));
        add("sum", 1, 2, Sum);
        add("range", 1, 3, Range);
    }

    private static object Abs(ref EvalContext context, int offset, ReadOnlySpan<object?> args) => args[0] switch
    {
        long.MinValue => throw context.Error(offset, "integer overflow in abs()"),
        long l => (object)Math.Abs(l),
        double d => Math.Abs(d),
        _ => throw Args.Wrong(ref context, offset, "abs", 0, "a number", args[0]),
    };

    private static object? Extreme(ref EvalContext context, int offset, string name, ReadOnlySpan<object?> args, int sign)
    {
        // min(list) looks inside the list; min(a, b, ...) compares the arguments, as in Python.
        var list = args.Length == 1 ? Args.List(ref context, offset, name, args, 0) : null;
        var count = list?.Count ?? args.Length;
        if (count == 0)
        {
            throw context.Error(offset, $"{name}() of an empty list");
        }

        context.Charge(count, offset);
        var best = list is null ? args[0] : ExprValues.Normalize(list[0]);
        for (var i = 1; i < count; i++)
        {
            var candidate = list is null ? args[i] : ExprValues.Normalize(list[i]);
            if (!ExprValues.TryCompare(candidate, best, out var order))
            {
                throw context.Error(offset, $"{name}() cannot compare '{ExprValues.TypeName(candidate)}' with '{ExprValues.TypeName(best)}'");
            }

            if (order * sign > 0)
            {
                best = candidate;
            }
        }

        return best;
    }

    private static object? Sum(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var list = Args.List(ref context, offset, "sum", args, 0);
        object? total = args.Length > 1 ? args[1] : 0L;
        context.Charge(list.Count, offset);
        for (var i = 0; i < list.Count; i++)
        {
            total = Arithmetic.Apply(ref context, ArithmeticOperator.Add, total, ExprValues.Normalize(list[i]), offset);
        }

        return total;
    }

    private static object Range(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var start = args.Length == 1 ? 0 : Args.Integer(ref context, offset, "range", args, 0);
        var stop = Args.Integer(ref context, offset, "range", args, args.Length == 1 ? 0 : 1);
        var step = args.Length == 3 ? Args.Integer(ref context, offset, "range", args, 2) : 1;
        if (step == 0)
        {
            throw context.Error(offset, "range() step cannot be zero");
        }

        var span = step > 0 ? (Int128)stop - start : (Int128)start - stop;
        var magnitude = step > 0 ? (Int128)step : -(Int128)step;
        var count = span <= 0 ? 0 : (long)Int128.Min((span + magnitude - 1) / magnitude, long.MaxValue);
        context.CheckListLength(count, offset);
        context.Charge(count, offset);
        var result = new object?[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = start + (i * step);
        }

        return result;
    }
}
