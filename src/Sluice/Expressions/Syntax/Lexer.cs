using System.Globalization;

namespace Sluice.Expressions.Syntax;

/// <summary>Splits a range of a source text into tokens.</summary>
internal sealed partial class Lexer
{
    private readonly SourceMap _source;
    private readonly string _text;
    private readonly int _end;
    private int _pos;

    private Lexer(SourceMap source, int start, int end)
    {
        _source = source;
        _text = source.Text;
        _pos = start;
        _end = end;
    }

    /// <summary>Tokenizes <c>[start, end)</c> of <paramref name="source"/>; the last token is <see cref="TokenKind.End"/>.</summary>
    /// <exception cref="ExpressionException">An invalid character, number or string (SLU300).</exception>
    public static List<Token> Tokenize(SourceMap source, int start, int end)
    {
        var lexer = new Lexer(source, start, end);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        while (_pos < _end && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        if (_pos >= _end)
        {
            return new Token(TokenKind.End, _end, 0);
        }

        var c = _text[_pos];
        if (char.IsAsciiDigit(c))
        {
            return ReadNumber();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            return ReadName();
        }

        if (c is '\'' or '"')
        {
            return ReadString(c);
        }

        return ReadOperator(c);
    }

    private Token ReadName()
    {
        var start = _pos;
        while (_pos < _end && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        var name = _text[start.._pos];
        var kind = Keyword(name);
        return new Token(kind, start, _pos - start, kind == TokenKind.Name ? name : null);
    }

    private static TokenKind Keyword(string name) => name switch
    {
        "true" or "True" => TokenKind.True,
        "false" or "False" => TokenKind.False,
        "null" or "None" or "none" => TokenKind.Null,
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        "in" => TokenKind.In,
        "is" => TokenKind.Is,
        "if" => TokenKind.If,
        "else" => TokenKind.Else,
        _ => TokenKind.Name,
    };

    private Token ReadNumber()
    {
        var start = _pos;
        var isFloat = false;
        SkipDigits();
        if (_pos + 1 < _end && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            SkipDigits();
        }

        if (_pos < _end && (_text[_pos] is 'e' or 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _end && (_text[_pos] is '+' or '-'))
            {
                _pos++;
            }

            if (_pos < _end && char.IsAsciiDigit(_text[_pos]))
            {
                isFloat = true;
                SkipDigits();
            }
            else
            {
                _pos = save;
            }
        }

        if (_pos < _end && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            throw SyntaxErrors.At(_source, _pos, $"unexpected '{_text[_pos]}' after a number");
        }

        var digits = _text.AsSpan(start, _pos - start).ToString().Replace("_", string.Empty, StringComparison.Ordinal);
        if (isFloat)
        {
            var d = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, start, _pos - start, d);
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            throw SyntaxErrors.At(_source, start, $"integer '{digits}' is too large", "integers must fit in 64 bits; write a float such as 1e20");
        }

        return new Token(TokenKind.Int, start, _pos - start, l);
    }

    private void SkipDigits()
    {
        while (_pos < _end && (char.IsAsciiDigit(_text[_pos]) || (_text[_pos] == '_' && _pos + 1 < _end && char.IsAsciiDigit(_text[_pos + 1]))))
        {
            _pos++;
        }
    }
}
