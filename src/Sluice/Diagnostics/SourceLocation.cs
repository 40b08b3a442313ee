namespace Sluice.Diagnostics;

/// <summary>A position in a pipeline source: file, 1-based line and 1-based column.</summary>
/// <remarks>A definition built in C# has no file; its locations name the task instead (<c>&lt;code&gt;:task_id</c>).</remarks>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location with no file and no position.</summary>
    public static SourceLocation None { get; } = new(string.Empty, 0, 0);

    /// <summary>True when this location points into a file.</summary>
    public bool HasPosition => Line > 0;

    /// <summary>Returns a location moved by <paramref name="columns"/> on the same line.</summary>
    public SourceLocation Offset(int columns) => HasPosition ? this with { Column = Column + columns } : this;

    /// <inheritdoc />
    public override string ToString() => HasPosition ? $"{File}:{Line}:{Column}" : File;
}
