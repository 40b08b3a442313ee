using Sluice.Expressions.Nodes;

namespace Sluice.Expressions.Syntax;

/// <summary>Filters, postfix operators and atoms.</summary>
internal sealed partial class Parser
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private Node ParseFiltered()
    {
        var value = ParseUnary();
        while (Current.Kind == TokenKind.Pipe)
        {
            Advance();
            if (Current.Kind != TokenKind.Name)
            {
                throw Unexpected("a filter name after '|'");
            }

            var name = Advance();
            var args = new List<Node> { value };
            if (Current.Kind == TokenKind.LParen)
            {
                ParseArguments(args);
            }

            value = MakeCall(name, args, isFilter: true);
        }

        return value;
    }

    private Node ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    var member = Current;
                    if (member.Kind != TokenKind.Name && !IsWord(member))
                    {
                        throw Unexpected("a member name after '.'");
                    }

                    Advance();
                    node = Check(new MemberNode(member.Start, node, _source.Text.Substring(member.Start, member.Length)));
                    break;
                case TokenKind.LBracket:
                    node = ParseIndex(node);
                    break;
                case TokenKind.LParen:
                    throw SyntaxErrors.At(_source, Current.Start, "only functions can be called", "methods cannot be called; use a function such as lower(x) or a filter such as x | lower");
                default:
                    return node;
            }
        }
    }

    private Node ParseIndex(Node target)
    {
        var open = Advance();
        Node? start = null;
        if (Current.Kind != TokenKind.Colon)
        {
            start = ParseConditional();
            if (Current.Kind != TokenKind.Colon)
            {
                Expect(TokenKind.RBracket, "']'");
                return Check(new IndexNode(start.Offset, target, start));
            }
        }

        Advance();
        var stop = Current.Kind is TokenKind.Colon or TokenKind.RBracket ? null : ParseConditional();
        Node? step = null;
        if (Current.Kind == TokenKind.Colon)
        {
            Advance();
            step = Current.Kind == TokenKind.RBracket ? null : ParseConditional();
        }

        Expect(TokenKind.RBracket, "']'");
        return Check(new SliceNode(open.Start, target, start, stop, step));
    }

    private Node ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int or TokenKind.Float or TokenKind.String:
                Advance();
                return new LiteralNode(token.Start, token.Value);
            case TokenKind.True or TokenKind.False:
                Advance();
                return new LiteralNode(token.Start, token.Kind == TokenKind.True ? BoxedTrue : BoxedFalse);
            case TokenKind.Null:
                Advance();
                return new LiteralNode(token.Start, null);
            case TokenKind.Name:
                Advance();
                if (Current.Kind != TokenKind.LParen)
                {
                    return new NameNode(token.Start, token.Name);
                }

                var args = new List<Node>();
                ParseArguments(args);
                return MakeCall(token, args, isFilter: false);
            case TokenKind.LParen:
                Advance();
                var inner = ParseConditional();
                Expect(TokenKind.RParen, "')'");
                return inner;
            case TokenKind.LBracket:
                return ParseList();
            case TokenKind.LBrace:
                return ParseMap();
            default:
                throw Unexpected("a value");
        }
    }

    private ListNode ParseList()
    {
        var open = Advance();
        var items = new List<Node>();
        while (Current.Kind != TokenKind.RBracket)
        {
            items.Add(ParseConditional());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RBracket, "',' or ']'");
        return Check(new ListNode(open.Start, [.. items]));
    }

    private MapNode ParseMap()
    {
        var open = Advance();
        var keys = new List<Node>();
        var values = new List<Node>();
        while (Current.Kind != TokenKind.RBrace)
        {
            keys.Add(ParseConditional());
            Expect(TokenKind.Colon, "':' after a map key");
            values.Add(ParseConditional());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RBrace, "',' or '}'");
        return Check(new MapNode(open.Start, [.. keys], [.. values]));
    }

    private void ParseArguments(List<Node> args)
    {
        Advance();
        while (Current.Kind != TokenKind.RParen)
        {
            args.Add(ParseConditional());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RParen, "',' or ')'");
    }
}
