namespace Sluice.Data.Quality.Checks;

/// <summary>One token with its 1-based line and column inside the check string.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, double Number = 0)
{
    public bool IsWord(string word) => Kind == TokenKind.Identifier && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token as quoted in error messages.</summary>
    public string Describe() => Kind == TokenKind.End ? "end of text" : $"'{Text}'";
}
