using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

/// <summary>Shorthands for tests: parse at a known location and evaluate.</summary>
internal static class Eval
{
    public static readonly SourceLocation Origin = new("pipeline.yaml", 7, 12);

    public static object? Run(string text, IExpressionScope? scope = null) =>
        Expr.Parse(text, Origin).Evaluate(scope ?? TestScope.Empty);

    public static ExpressionException Fails(string text, IExpressionScope? scope = null) =>
        Should.Throw<ExpressionException>(() => Run(text, scope));

    public static Diagnostic SyntaxError(string text)
    {
        Expr.TryParse(text, Origin, out var expr, out var error).ShouldBeFalse();
        expr.ShouldBeNull();
        error.ShouldNotBeNull();
        error.Code.ShouldBe("SLU300");
        return error;
    }

    public static IReadOnlyDictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(static e => e.Key, static e => e.Value, StringComparer.Ordinal);
}
