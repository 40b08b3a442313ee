namespace Sluice.Data.Quality.Checks;

/// <summary>A string to parse and where it starts in its enclosing file.</summary>
/// <param name="Text">The text.</param>
/// <param name="Origin">The position of the text's first character; <see cref="TextPosition.Start"/> for a standalone string.</param>
public sealed record SourceText(string Text, TextPosition Origin)
{
    /// <summary>A standalone string starting at 1:1.</summary>
    public SourceText(string text)
        : this(text, TextPosition.Start)
    {
    }
}
