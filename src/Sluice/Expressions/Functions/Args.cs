using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>Typed access to function arguments with messages that name the function, the argument and the type.</summary>
internal static class Args
{
    public static string Text(ref EvalContext context, int offset, string function, ReadOnlySpan<object?> args, int index) =>
        args[index] as string ?? throw Wrong(ref context, offset, function, index, "a string", args[index]);

    public static long Integer(ref EvalContext context, int offset, string function, ReadOnlySpan<object?> args, int index) =>
        args[index] is long l ? l : throw Wrong(ref context, offset, function, index, "an int", args[index]);

    public static double Number(ref EvalContext context, int offset, string function, ReadOnlySpan<object?> args, int index) =>
        args[index] switch
        {
            long l => l,
            double d => d,
            _ => throw Wrong(ref context, offset, function, index, "a number", args[index]),
        };

    public static IReadOnlyList<object?> List(ref EvalContext context, int offset, string function, ReadOnlySpan<object?> args, int index) =>
        args[index] as IReadOnlyList<object?> ?? throw Wrong(ref context, offset, function, index, "a list", args[index]);

    public static IReadOnlyDictionary<string, object?> Map(ref EvalContext context, int offset, string function, ReadOnlySpan<object?> args, int index) =>
        args[index] as IReadOnlyDictionary<string, object?> ?? throw Wrong(ref context, offset, function, index, "a map", args[index]);

    public static ExpressionException Wrong(ref EvalContext context, int offset, string function, int index, string expected, object? actual) =>
        context.Error(offset, $"{function}() argument {index + 1} must be {expected}, not '{ExprValues.TypeName(actual)}'");
}
