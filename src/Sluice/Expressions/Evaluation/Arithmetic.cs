namespace Sluice.Expressions.Evaluation;

/// <summary>
/// Arithmetic with Python semantics: <c>/</c> is true division, <c>//</c> floors, <c>%</c> takes the sign of the
/// divisor, integer overflow is an error (never a silent wrap), <c>+</c> concatenates strings and lists and
/// <c>*</c> repeats them.
/// </summary>
internal static partial class Arithmetic
{
    public static object? Apply(ref EvalContext context, ArithmeticOperator op, object? left, object? right, int offset)
    {
        try
        {
            return (left, right) switch
            {
                (long a, long b) => Integers(ref context, op, a, b, offset),
                (long or double, long or double) => Floats(ref context, op, ToDouble(left), ToDouble(right), offset),
                (string a, string b) when op == ArithmeticOperator.Add => Concat(ref context, a, b, offset),
                (IReadOnlyList<object?> a, IReadOnlyList<object?> b) when op == ArithmeticOperator.Add => Concat(ref context, a, b, offset),
                (string or IReadOnlyList<object?>, long n) when op == ArithmeticOperator.Multiply => Repeat(ref context, left, n, offset),
                (long n, string or IReadOnlyList<object?>) when op == ArithmeticOperator.Multiply => Repeat(ref context, right, n, offset),
                _ => throw TypeError(ref context, op, left, right, offset),
            };
        }
        catch (OverflowException)
        {
            throw context.Error(offset, $"integer overflow in '{Operators.Symbol(op)}'; the result does not fit in 64 bits");
        }
    }

    public static double ToDouble(object? number) => number is long l ? l : (double)number!;

    private static object Integers(ref EvalContext context, ArithmeticOperator op, long a, long b, int offset)
    {
        switch (op)
        {
            case ArithmeticOperator.Add: return checked(a + b);
            case ArithmeticOperator.Subtract: return checked(a - b);
            case ArithmeticOperator.Multiply: return checked(a * b);
            case ArithmeticOperator.Divide: return b == 0 ? throw DivisionByZero(ref context, offset) : (double)a / b;
            case ArithmeticOperator.FloorDivide: return FloorDivide(ref context, a, b, offset);
            case ArithmeticOperator.Modulo: return Modulo(ref context, a, b, offset);
            default: return b >= 0 ? Power(a, b) : (object)Floats(ref context, op, a, b, offset);
        }
    }

    private static double Floats(ref EvalContext context, ArithmeticOperator op, double a, double b, int offset)
    {
        switch (op)
        {
            case ArithmeticOperator.Add: return a + b;
            case ArithmeticOperator.Subtract: return a - b;
            case ArithmeticOperator.Multiply: return a * b;
            case ArithmeticOperator.Divide: return b == 0 ? throw DivisionByZero(ref context, offset) : a / b;
            case ArithmeticOperator.FloorDivide: return b == 0 ? throw DivisionByZero(ref context, offset) : Math.Floor(a / b);
            case ArithmeticOperator.Modulo:
                if (b == 0)
                {
                    throw DivisionByZero(ref context, offset);
                }

                var r = a % b;
                return r != 0 && (r < 0) != (b < 0) ? r + b : r;
            default:
                if (a == 0 && b < 0)
                {
                    throw context.Error(offset, "zero cannot be raised to a negative power");
                }

                if (a < 0 && b != Math.Floor(b))
                {
                    throw context.Error(offset, "a negative number raised to a fractional power is not a real number");
                }

                return Math.Pow(a, b);
        }
    }

    private static long FloorDivide(ref EvalContext context, long a, long b, int offset)
    {
        if (b == 0)
        {
            throw DivisionByZero(ref context, offset);
        }

        var q = checked(a / b);
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long Modulo(ref EvalContext context, long a, long b, int offset)
    {
        if (b == 0)
        {
            throw DivisionByZero(ref context, offset);
        }

        if (b == -1)
        {
            return 0;
        }

        var r = a % b;
        return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
    }

    private static long Power(long value, long exponent)
    {
        var result = 1L;
        while (exponent > 0)
        {
            if ((exponent & 1) == 1)
            {
                result = checked(result * value);
            }

            exponent >>= 1;
            if (exponent > 0)
            {
                value = checked(value * value);
            }
        }

        return result;
    }

    private static ExpressionException DivisionByZero(ref EvalContext context, int offset) =>
        context.Error(offset, "division by zero");

    private static ExpressionException TypeError(ref EvalContext context, ArithmeticOperator op, object? left, object? right, int offset) =>
        context.Error(offset, $"unsupported operand types for '{Operators.Symbol(op)}': '{ExprValues.TypeName(left)}' and '{ExprValues.TypeName(right)}'");
}
