using Sluice.Diagnostics;
using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Nodes;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions;

/// <summary>A parsed expression of Sluice's expression language. Immutable and thread-safe.</summary>
/// <remarks>
/// The language is a small, safe subset of Python: literals, lists, maps, names, <c>a.b</c>, <c>a[i]</c>,
/// <c>a[i:j]</c>, allow-listed functions, <c>+ - * / // % **</c>, comparisons, <c>in</c>, <c>and/or/not</c>,
/// <c>x if c else y</c> and filters <c>x | f(args)</c>. Missing map keys and member access on null give null;
/// every other mistake is an <see cref="ExpressionException"/>. Evaluation is bounded by
/// <see cref="ExpressionLimits"/>.
/// </remarks>
public sealed partial class Expr
{
    private readonly Node _root;
    private readonly SourceMap _source;
    /// <summary>The offset of the first non-space character of the expression in <see cref="_source"/>.</summary>
    private int StartOffset { get; init; }

    private Expr(string text, Node root, SourceMap source, IReadOnlyList<ExprReference> references)
    {
        Text = text;
        References = references;
        _root = root;
        _source = source;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>Every name the expression reads.</summary>
    public IReadOnlyList<ExprReference> References { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="origin"/> is the location of its first character.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression.</exception>
    public static Expr Parse(string text, SourceLocation origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(new SourceMap(text, origin), 0, text.Length);
    }

    /// <summary>Parses, returning a diagnostic (code SLU300) instead of throwing.</summary>
    public static bool TryParse(string text, SourceLocation origin, out Expr? expr, out Diagnostic? error)
    {
        try
        {
            expr = Parse(text, origin);
            error = null;
            return true;
        }
        catch (ExpressionException ex) when (ex.Diagnostic is not null)
        {
            expr = null;
            error = ex.Diagnostic;
            return false;
        }
    }

    /// <summary>Evaluates against <paramref name="scope"/>.</summary>
    /// <exception cref="ExpressionException">A type error, an unknown name or function, or a limit exceeded.</exception>
    public object? Evaluate(IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var context = new EvalContext(scope, _source);
        return _root.Evaluate(ref context);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Parses <c>[start, end)</c> of a larger source (a template), keeping locations relative to it.</summary>
    internal static Expr Parse(SourceMap source, int start, int end)
    {
        var root = Parser.Parse(source, start, end);
        var references = new List<ExprReference>();
        root.CollectReferences(references, source);
        while (start < end && char.IsWhiteSpace(source.Text[start]))
        {
            start++;
        }

        return new Expr(source.Text[start..end].Trim(), root, source, references.AsReadOnly()) { StartOffset = start };
    }
}
