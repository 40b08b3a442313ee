namespace Sluice.Expressions.Syntax;

/// <summary>One token: its kind, where it starts in the source, and its value (name, decoded string or number).</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, object? Value = null)
{
    public string Name => (string)Value!;
}
