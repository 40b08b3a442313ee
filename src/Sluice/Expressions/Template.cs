using System.Buffers;
using Sluice.Diagnostics;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions;

/// <summary>
/// A string that may contain <c>{{ expr }}</c> parts. A string that is exactly one template keeps the
/// value's type; otherwise parts are interpolated into text. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Parse once and render many times: rendering a single-expression template allocates nothing beyond what the
/// expression itself produces. Inside <c>{{ }}</c>, braces of map literals and braces inside quoted strings do
/// not close the part, so <c>{{ '}}' }}</c> renders <c>}}</c>.
/// </remarks>
public sealed partial class Template
{
    private readonly string _text;
    private readonly TemplatePart[] _parts;
    private readonly Expr? _single;

    private Template(string text, TemplatePart[] parts, IReadOnlyList<ExprReference> references)
    {
        _text = text;
        _parts = parts;
        References = references;
        IsLiteral = !Array.Exists(parts, static p => p.Expression is not null);
        var expressions = parts.Where(static p => p.Expression is not null).ToArray();
        if (expressions.Length == 1 && parts.All(static p => p.Expression is not null || string.IsNullOrWhiteSpace(p.Literal)))
        {
            IsSingleExpression = true;
            _single = expressions[0].Expression;
        }
    }

    /// <summary>True when the text has no <c>{{ }}</c> part.</summary>
    public bool IsLiteral { get; }

    /// <summary>True when the whole text (ignoring surrounding spaces) is one <c>{{ expr }}</c>.</summary>
    public bool IsSingleExpression { get; }

    /// <summary>Every name the template reads.</summary>
    public IReadOnlyList<ExprReference> References { get; }

    /// <summary>The expressions of the <c>{{ }}</c> parts, in order.</summary>
    public IEnumerable<Expr> Expressions => _parts.Where(static p => p.Expression is not null).Select(static p => p.Expression!);

    /// <summary>The source text.</summary>
    public string Text => _text;

    /// <summary>True when <paramref name="text"/> contains <c>{{</c>.</summary>
    public static bool ContainsTemplate(string text) => text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Parses; <paramref name="origin"/> is the location of the first character of <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">Unbalanced braces or a bad expression inside.</exception>
    public static Template Parse(string text, SourceLocation origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new SourceMap(text, origin);
        var parts = TemplateScanner.Scan(source);
        var references = new List<ExprReference>();
        foreach (var part in parts)
        {
            if (part.Expression is { } expr)
            {
                references.AddRange(expr.References);
            }
        }

        return new Template(text, parts, references.AsReadOnly());
    }

    /// <summary>Parses, returning a diagnostic (code SLU300) instead of throwing.</summary>
    public static bool TryParse(string text, SourceLocation origin, out Template? template, out Diagnostic? error)
    {
        try
        {
            template = Parse(text, origin);
            error = null;
            return true;
        }
        catch (ExpressionException ex) when (ex.Diagnostic is not null)
        {
            template = null;
            error = ex.Diagnostic;
            return false;
        }
    }

    /// <summary>Renders: the value itself for a single expression, else text.</summary>
    /// <exception cref="ExpressionException">Evaluation failed.</exception>
    public object? Render(IExpressionScope scope)
    {
        if (_single is not null)
        {
            return _single.Evaluate(scope);
        }

        // A literal template has exactly one part: its whole text.
        return IsLiteral ? _parts[0].Literal : RenderText(scope);
    }

    /// <inheritdoc />
    public override string ToString() => _text;

    private static string Overlong(TemplatePart part) =>
        throw new ExpressionException($"rendered text exceeds the limit of {ExpressionLimits.MaxStringLength} characters", part.Location);

    private string RenderText(IExpressionScope scope)
    {
        var pieces = ArrayPool<string?>.Shared.Rent(_parts.Length);
        try
        {
            long length = 0;
            for (var i = 0; i < _parts.Length; i++)
            {
                var part = _parts[i];
                var piece = part.Literal ?? ExprValues.ToTextWithin(part.Expression!.Evaluate(scope), ExpressionLimits.MaxStringLength) ?? Overlong(part);
                length += piece.Length;
                if (length > ExpressionLimits.MaxStringLength)
                {
                    throw new ExpressionException($"rendered text exceeds the limit of {ExpressionLimits.MaxStringLength} characters", part.Location);
                }

                pieces[i] = piece;
            }

            return string.Concat(new ReadOnlySpan<string?>(pieces, 0, _parts.Length));
        }
        finally
        {
            Array.Clear(pieces, 0, _parts.Length);
            ArrayPool<string?>.Shared.Return(pieces);
        }
    }
}
