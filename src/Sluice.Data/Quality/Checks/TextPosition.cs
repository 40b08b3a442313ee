namespace Sluice.Data.Quality.Checks;

/// <summary>A 1-based line and column in a source text (a pipeline file, or a check string on its own).</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>Line 1, column 1: the default origin of a check string parsed on its own.</summary>
    public static TextPosition Start { get; } = new(1, 1);

    /// <summary>
    /// Maps a position inside a string that starts at this origin to a position in the enclosing text: the first line
    /// is shifted by the origin's column, later lines keep their own column.
    /// </summary>
    public TextPosition Translate(int line, int column) =>
        line == 1 ? new TextPosition(Line, Column + column - 1) : new TextPosition(Line + line - 1, column);

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
