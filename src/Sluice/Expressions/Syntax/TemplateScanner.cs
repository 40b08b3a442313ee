namespace Sluice.Expressions.Syntax;

/// <summary>Splits template text into literal and <c>{{ expr }}</c> parts, reporting unbalanced braces (SLU300).</summary>
internal static class TemplateScanner
{
    public static TemplatePart[] Scan(SourceMap source)
    {
        var text = source.Text;
        var parts = new List<TemplatePart>();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (IsPair(text, i, '{'))
            {
                if (i > literalStart)
                {
                    parts.Add(new TemplatePart(text[literalStart..i], null, source.At(literalStart)));
                }

                var start = i + 2;
                var close = FindClose(source, start);
                if (close < 0)
                {
                    throw SyntaxErrors.At(source, i, "'{{' is never closed", "close the expression with '}}'");
                }

                if (text.AsSpan(start, close - start).IsWhiteSpace())
                {
                    throw SyntaxErrors.At(source, i, "'{{ }}' is empty", "write an expression between the braces, such as {{ inputs.name }}");
                }

                parts.Add(new TemplatePart(null, Expr.Parse(source, start, close), source.At(start)));
                i = close + 2;
                literalStart = i;
                continue;
            }

            if (IsPair(text, i, '}'))
            {
                throw SyntaxErrors.At(source, i, "'}}' has no matching '{{'", "to write literal braces use {{ '}}' }}");
            }

            i++;
        }

        if (literalStart < text.Length || parts.Count == 0)
        {
            parts.Add(new TemplatePart(text[literalStart..], null, source.At(literalStart)));
        }

        return [.. parts];
    }

    private static bool IsPair(string text, int i, char brace) => text[i] == brace && i + 1 < text.Length && text[i + 1] == brace;

    /// <summary>
    /// The index of the <c>}}</c> that closes an expression starting at <paramref name="start"/>, or -1. Quoted
    /// strings are skipped and map braces are balanced, so neither can close the expression early.
    /// </summary>
    private static int FindClose(SourceMap source, int start)
    {
        var text = source.Text;
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                i = SkipString(source, i);
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth > 0)
                {
                    depth--;
                }
                else if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static int SkipString(SourceMap source, int open)
    {
        var text = source.Text;
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == text[open])
            {
                return i;
            }
        }

        throw SyntaxErrors.At(source, open, "unterminated string", $"close it with {text[open]}");
    }
}
