using System.Globalization;
using System.Text;

namespace Sluice.Data.Quality.Checks;

/// <summary>Splits a check string into tokens, tracking line and column.</summary>
/// <remarks>
/// Strings are single-quoted with <c>''</c> for a quote and no backslash escapes, so regular expressions keep
/// their backslashes (<c>'^\d+$'</c>). Double quotes delimit identifiers that are not plain words.
/// A number immediately followed by letters is a duration (<c>1d</c>, <c>1h30m</c>).
/// </remarks>
internal static class CheckLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }

                i++;
            }

            var column = i - lineStart + 1;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, line, column));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], line, column));
            }
            else if (char.IsAsciiDigit(c) || ((c == '-' || c == '.') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                tokens.Add(ReadNumber(text, ref i, line, column));
            }
            else if (c is '\'' or '"')
            {
                var value = ReadQuoted(text, ref i, c, out var closed);
                var kind = !closed ? TokenKind.Invalid : c == '\'' ? TokenKind.String : TokenKind.QuotedIdentifier;
                tokens.Add(new Token(kind, closed ? value : text[start..], line, column));
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>')))
                {
                    i++;
                }

                var op = text[start..i];
                tokens.Add(new Token(op == "!" ? TokenKind.Invalid : TokenKind.Operator, op, line, column));
            }
            else
            {
                i++;
                var kind = c switch
                {
                    '(' => TokenKind.LeftParen,
                    ')' => TokenKind.RightParen,
                    ',' => TokenKind.Comma,
                    ':' => TokenKind.Colon,
                    '%' => TokenKind.Percent,
                    _ => TokenKind.Invalid,
                };
                tokens.Add(new Token(kind, c.ToString(), line, column));
            }
        }
    }

    private static Token ReadNumber(string text, ref int i, int line, int column)
    {
        var start = i;
        if (text[i] == '-')
        {
            i++;
        }

        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] is 'e' or 'E' && (char.IsAsciiDigit(text[i + 1]) || (text[i + 1] is '+' or '-' && i + 2 < text.Length && char.IsAsciiDigit(text[i + 2]))))
        {
            i += 2;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            return new Token(TokenKind.Duration, text[start..i], line, column);
        }

        var literal = text[start..i];
        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new Token(TokenKind.Number, literal, line, column, value)
            : new Token(TokenKind.Invalid, literal, line, column);
    }

    private static string ReadQuoted(string text, ref int i, char quote, out bool closed)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    builder.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                closed = true;
                return builder.ToString();
            }

            builder.Append(text[i++]);
        }

        closed = false;
        return builder.ToString();
    }
}
