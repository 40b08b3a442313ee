using Sluice.Diagnostics;

namespace Sluice.Expressions.Syntax;

/// <summary>Maps character offsets of a source text to file locations, counting lines and columns.</summary>
internal sealed class SourceMap(string text, SourceLocation origin)
{
    public string Text { get; } = text;

    public SourceLocation Origin { get; } = origin;

    /// <summary>The location of the character at <paramref name="offset"/>; a newline starts a new line at column 1.</summary>
    public SourceLocation At(int offset)
    {
        if (!Origin.HasPosition)
        {
            return Origin;
        }

        var line = Origin.Line;
        var column = Origin.Column;
        var end = Math.Min(offset, Text.Length);
        for (var i = 0; i < end; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return Origin with { Line = line, Column = column };
    }
}
