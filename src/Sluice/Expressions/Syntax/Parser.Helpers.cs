using Sluice.Expressions.Functions;
using Sluice.Expressions.Nodes;

namespace Sluice.Expressions.Syntax;

/// <summary>Token handling, depth limits, calls and error messages.</summary>
internal sealed partial class Parser
{
    private Token Advance() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private Token Expect(TokenKind kind, string what) => Current.Kind == kind ? Advance() : throw Unexpected(what);

    private void Enter()
    {
        if (++_depth > ExpressionLimits.MaxDepth)
        {
            throw TooDeep(Current.Start);
        }
    }

    private T Check<T>(T node)
        where T : Node =>
        node.Depth > ExpressionLimits.MaxDepth ? throw TooDeep(node.Offset) : node;

    private ExpressionException TooDeep(int offset) =>
        SyntaxErrors.At(_source, offset, $"expression is nested more than {ExpressionLimits.MaxDepth} levels deep", "split it into smaller expressions or move the logic into a task");

    private ExpressionException Unexpected(string expected) =>
        SyntaxErrors.At(_source, Current.Start, $"expected {expected}, found {Describe(Current)}");

    private string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => "a string",
        _ => $"'{_source.Text.Substring(token.Start, token.Length)}'",
    };

    private static bool IsWord(Token token) => token.Kind is TokenKind.True or TokenKind.False or TokenKind.Null
        or TokenKind.And or TokenKind.Or or TokenKind.Not or TokenKind.In or TokenKind.Is or TokenKind.If or TokenKind.Else;

    private Node MakeCall(Token name, List<Node> args, bool isFilter)
    {
        if (_columns)
        {
            return Check(new ColumnCallNode(name.Start, name.Name, [.. args]));
        }

        var kind = isFilter ? "filter" : "function";
        if (!Builtins.TryGet(name.Name, out var function))
        {
            var suggestion = Builtins.Suggest(name.Name);
            var hint = name.Name is "now" or "today" or "utcnow"
                ? "expressions have no clock; use run.logical_date or run.started_at"
                : suggestion is not null ? $"did you mean '{suggestion}'?" : $"allowed: {string.Join(", ", Builtins.Names)}";
            throw SyntaxErrors.At(_source, name.Start, $"unknown {kind} '{name.Name}'", hint);
        }

        if (args.Count < function.MinArgs || args.Count > function.MaxArgs)
        {
            var message = isFilter
                ? $"filter '{function.Name}' takes {function.Arity} counting the value before '|', got {args.Count}"
                : $"{function.Name}() takes {function.Arity}, got {args.Count}";
            throw SyntaxErrors.At(_source, name.Start, message);
        }

        return Check(new CallNode(name.Start, function, [.. args]));
    }
}
