using System.Globalization;
using System.Text;

namespace Sluice.Expressions.Syntax;

/// <summary>String literals and operators.</summary>
internal sealed partial class Lexer
{
    private Token ReadString(char quote)
    {
        var start = _pos;
        _pos++;
        var builder = new StringBuilder();
        while (_pos < _end)
        {
            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return new Token(TokenKind.String, start, _pos - start, builder.ToString());
            }

            if (c == '\\' && _pos + 1 < _end)
            {
                ReadEscape(builder);
                continue;
            }

            builder.Append(c);
            _pos++;
        }

        throw SyntaxErrors.At(_source, start, "unterminated string", $"close it with {quote}");
    }

    private void ReadEscape(StringBuilder builder)
    {
        var escapeStart = _pos;
        var c = _text[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'n': builder.Append('\n'); break;
            case 't': builder.Append('\t'); break;
            case 'r': builder.Append('\r'); break;
            case '0': builder.Append('\0'); break;
            case '\\': builder.Append('\\'); break;
            case '\'': builder.Append('\''); break;
            case '"': builder.Append('"'); break;
            case 'x': builder.Append(ReadHex(escapeStart, 2)); break;
            case 'u': builder.Append(ReadHex(escapeStart, 4)); break;
            default:
                // Like Python, an unknown escape keeps its backslash, so 'C:\data' means what it says.
                builder.Append('\\').Append(c);
                break;
        }
    }

    private char ReadHex(int escapeStart, int digits)
    {
        if (_pos + digits > _end
            || !ushort.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw SyntaxErrors.At(_source, escapeStart, $"invalid escape '{_text.AsSpan(escapeStart, Math.Min(2 + digits, _end - escapeStart))}'", $"write \\{_text[escapeStart + 1]} followed by {digits} hex digits");
        }

        _pos += digits;
        return (char)code;
    }

    private Token ReadOperator(char c)
    {
        var start = _pos;
        var next = _pos + 1 < _end ? _text[_pos + 1] : '\0';
        (TokenKind kind, int length) = c switch
        {
            '(' => (TokenKind.LParen, 1),
            ')' => (TokenKind.RParen, 1),
            '[' => (TokenKind.LBracket, 1),
            ']' => (TokenKind.RBracket, 1),
            '{' => (TokenKind.LBrace, 1),
            '}' => (TokenKind.RBrace, 1),
            ',' => (TokenKind.Comma, 1),
            ':' => (TokenKind.Colon, 1),
            '.' => (TokenKind.Dot, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '%' => (TokenKind.Percent, 1),
            '*' => next == '*' ? (TokenKind.StarStar, 2) : (TokenKind.Star, 1),
            '/' => next == '/' ? (TokenKind.SlashSlash, 2) : (TokenKind.Slash, 1),
            '=' when next == '=' => (TokenKind.Eq, 2),
            '!' when next == '=' => (TokenKind.Ne, 2),
            '<' => next == '=' ? (TokenKind.Le, 2) : (TokenKind.Lt, 1),
            '>' => next == '=' ? (TokenKind.Ge, 2) : (TokenKind.Gt, 1),
            '|' when next != '|' => (TokenKind.Pipe, 1),
            _ => (TokenKind.End, 0),
        };

        if (length == 0)
        {
            throw SyntaxErrors.At(_source, start, $"unexpected character '{c}'", HintFor(c, next));
        }

        _pos += length;
        return new Token(kind, start, length);
    }

    private static string? HintFor(char c, char next) => (c, next) switch
    {
        ('=', _) => "use '==' to compare",
        ('!', _) => "use 'not' to negate",
        ('&', _) => "use 'and'",
        ('|', '|') => "use 'or'",
        ('~', _) => "use '+' to concatenate strings",
        _ => null,
    };
}
