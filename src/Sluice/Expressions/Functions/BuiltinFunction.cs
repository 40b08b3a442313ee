using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>The body of a built-in function; <paramref name="offset"/> locates the call for errors.</summary>
internal delegate object? BuiltinFunction(ref EvalContext context, int offset, ReadOnlySpan<object?> args);
