using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>round(x[, n]) with Python's rules: halves round to even; round(x) is an int; round(x, n) keeps x's type.</summary>
internal static partial class NumberFunctions
{
    private static object Round(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        long? digits = args.Length > 1 && args[1] is not null ? Args.Integer(ref context, offset, "round", args, 1) : null;
        switch (args[0])
        {
            case long l:
                return digits is { } n && n < 0 ? RoundInteger(ref context, offset, l, n) : l;
            case double d when digits is null:
                if (!double.IsFinite(d))
                {
                    throw context.Error(offset, $"round() cannot convert {ExprValues.FormatDouble(d)} to an int");
                }

                var rounded = Math.Round(d, MidpointRounding.ToEven);
                return rounded is >= -9.2233720368547758E18 and < 9.2233720368547758E18
                    ? (long)rounded
                    : throw context.Error(offset, "integer overflow in round()");
            case double d:
                return RoundDouble(d, digits.Value);
            default:
                throw Args.Wrong(ref context, offset, "round", 0, "a number", args[0]);
        }
    }

    private static double RoundDouble(double value, long digits)
    {
        if (!double.IsFinite(value) || digits > 15)
        {
            return value;
        }

        if (digits >= 0)
        {
            return Math.Round(value, (int)digits, MidpointRounding.ToEven);
        }

        var scale = Math.Pow(10, -digits);
        return Math.Round(value / scale, MidpointRounding.ToEven) * scale;
    }

    private static long RoundInteger(ref EvalContext context, int offset, long value, long digits)
    {
        if (digits < -18)
        {
            return 0;
        }

        var scale = 1L;
        for (var i = 0; i < -digits; i++)
        {
            scale *= 10;
        }

        var quotient = Math.DivRem(value, scale, out var remainder);
        if (remainder < 0)
        {
            quotient--;
            remainder += scale;
        }

        // Halves go to the even multiple, as in Python: round(250, -2) == 200, round(350, -2) == 400.
        if (remainder * 2 > scale || (remainder * 2 == scale && (quotient & 1) != 0))
        {
            quotient++;
        }

        try
        {
            return checked(quotient * scale);
        }
        catch (OverflowException)
        {
            throw context.Error(offset, "integer overflow in round()");
        }
    }
}
