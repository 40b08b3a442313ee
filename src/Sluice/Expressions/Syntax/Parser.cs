using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Nodes;

namespace Sluice.Expressions.Syntax;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: <c>x if c else y</c>; <c>or</c>; <c>and</c>; <c>not</c>;
/// comparisons, <c>in</c>, <c>not in</c>, <c>is</c>, <c>is not</c> (chainable); <c>+ -</c>; <c>* / // %</c>;
/// filters <c>x | f(args)</c> (binding tighter than arithmetic, as in Jinja); unary <c>- +</c>; <c>**</c>
/// (right-associative); postfix <c>.name</c>, <c>[index]</c>, <c>[a:b:c]</c>; atoms.
/// </summary>
internal sealed partial class Parser
{
    private readonly SourceMap _source;
    private readonly List<Token> _tokens;
    private readonly bool _columns;
    private int _pos;
    private int _depth;

    private Parser(SourceMap source, List<Token> tokens, bool columns)
    {
        _source = source;
        _tokens = tokens;
        _columns = columns;
    }

    private Token Current => _tokens[_pos];

    /// <summary>Parses the whole of <c>[start, end)</c> of <paramref name="source"/> as one expression.</summary>
    /// <param name="source">The text.</param>
    /// <param name="start">The first character.</param>
    /// <param name="end">One past the last character.</param>
    /// <param name="columns">Column mode: calls are kept by name (<see cref="ColumnCallNode"/>) for a column binder to check, not resolved against the template functions.</param>
    /// <exception cref="ExpressionException">A syntax error (SLU300) located at the offending character.</exception>
    public static Node Parse(SourceMap source, int start, int end, bool columns = false)
    {
        var parser = new Parser(source, Lexer.Tokenize(source, start, end), columns);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw SyntaxErrors.At(source, start, "expected an expression, found nothing");
        }

        var node = parser.ParseConditional();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected("the end of the expression");
        }

        return node;
    }

    private Node ParseConditional()
    {
        Enter();
        var then = ParseOr();
        if (Current.Kind == TokenKind.If)
        {
            var at = Advance().Start;
            var condition = ParseOr();
            Expect(TokenKind.Else, "'else' (a conditional is written 'x if condition else y')");
            var otherwise = ParseConditional();
            then = Check(new ConditionalNode(at, then, condition, otherwise));
        }

        _depth--;
        return then;
    }

    private Node ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or)
        {
            var at = Advance().Start;
            left = Check(new LogicalNode(at, left, ParseAnd(), isAnd: false));
        }

        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == TokenKind.And)
        {
            var at = Advance().Start;
            left = Check(new LogicalNode(at, left, ParseNot(), isAnd: true));
        }

        return left;
    }

    private Node ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        var at = Advance().Start;
        Enter();
        var operand = ParseNot();
        _depth--;
        return Check(new NotNode(at, operand));
    }

    private Node ParseComparison()
    {
        var first = ParseAdditive();
        if (CompareOperatorAt() is null)
        {
            return first;
        }

        var operands = new List<Node> { first };
        var operators = new List<CompareOperator>();
        var offsets = new List<int>();
        while (CompareOperatorAt() is { } op)
        {
            offsets.Add(Current.Start);
            _pos += op.Tokens;
            operators.Add(op.Operator);
            operands.Add(ParseAdditive());
        }

        return Check(new CompareNode([.. operands], [.. operators], [.. offsets]));
    }

    private (CompareOperator Operator, int Tokens)? CompareOperatorAt()
    {
        var next = _tokens[Math.Min(_pos + 1, _tokens.Count - 1)].Kind;
        return Current.Kind switch
        {
            TokenKind.Eq => (CompareOperator.Equal, 1),
            TokenKind.Ne => (CompareOperator.NotEqual, 1),
            TokenKind.Lt => (CompareOperator.Less, 1),
            TokenKind.Le => (CompareOperator.LessOrEqual, 1),
            TokenKind.Gt => (CompareOperator.Greater, 1),
            TokenKind.Ge => (CompareOperator.GreaterOrEqual, 1),
            TokenKind.In => (CompareOperator.In, 1),
            TokenKind.Not when next == TokenKind.In => (CompareOperator.NotIn, 2),
            TokenKind.Is when next == TokenKind.Not => (CompareOperator.NotEqual, 2),
            TokenKind.Is => (CompareOperator.Equal, 1),
            _ => null,
        };
    }

    private Node ParseAdditive()
    {
        var left = ParseTerm();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = Advance();
            var op = token.Kind == TokenKind.Plus ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
            left = Check(new BinaryNode(token.Start, op, left, ParseTerm()));
        }

        return left;
    }

    private Node ParseTerm()
    {
        var left = ParseFiltered();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.SlashSlash or TokenKind.Percent)
        {
            var token = Advance();
            var op = token.Kind switch
            {
                TokenKind.Star => ArithmeticOperator.Multiply,
                TokenKind.Slash => ArithmeticOperator.Divide,
                TokenKind.SlashSlash => ArithmeticOperator.FloorDivide,
                _ => ArithmeticOperator.Modulo,
            };
            left = Check(new BinaryNode(token.Start, op, left, ParseFiltered()));
        }

        return left;
    }

    private Node ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Minus or TokenKind.Plus))
        {
            return ParsePower();
        }

        var token = Advance();
        Enter();
        var operand = ParseUnary();
        _depth--;

        // Fold negative literals so that they cost nothing at run time.
        if (token.Kind == TokenKind.Minus && operand is LiteralNode { Value: double d })
        {
            return new LiteralNode(token.Start, -d);
        }

        if (token.Kind == TokenKind.Minus && operand is LiteralNode { Value: long l } && l != long.MinValue)
        {
            return new LiteralNode(token.Start, -l);
        }

        return Check(new NegateNode(token.Start, operand, token.Kind == TokenKind.Minus));
    }

    private Node ParsePower()
    {
        var left = ParsePostfix();
        if (Current.Kind != TokenKind.StarStar)
        {
            return left;
        }

        var at = Advance().Start;
        Enter();
        var right = ParseUnary();
        _depth--;
        return Check(new BinaryNode(at, ArithmeticOperator.Power, left, right));
    }
}
