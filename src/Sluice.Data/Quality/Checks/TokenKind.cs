namespace Sluice.Data.Quality.Checks;

/// <summary>Token kinds of the check language.</summary>
internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    Number,
    Duration,
    String,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    Colon,
    Percent,
    Invalid,
}
