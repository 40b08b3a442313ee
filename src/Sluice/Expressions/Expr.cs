using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>A parsed expression of Sluice's expression language. Immutable and thread-safe.</summary>
public sealed partial class Expr
{
    private Expr(string text, IReadOnlyList<ExprReference> references)
    {
        Text = text;
        References = references;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>Every name the expression reads.</summary>
    public IReadOnlyList<ExprReference> References { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="origin"/> is the location of its first character.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression.</exception>
    public static Expr Parse(string text, SourceLocation origin) => throw new NotImplementedException();

    /// <summary>Parses, returning a diagnostic (code SLU300) instead of throwing.</summary>
    public static bool TryParse(string text, SourceLocation origin, out Expr? expr, out Diagnostic? error) => throw new NotImplementedException();

    /// <summary>Evaluates against <paramref name="scope"/>.</summary>
    /// <exception cref="ExpressionException">A type error, an unknown name or function, or a limit exceeded.</exception>
    public object? Evaluate(IExpressionScope scope) => throw new NotImplementedException();
}
