namespace Sluice.Files;

/// <summary>
/// A folder actions may use: read, or read and write. Written <c>DIR</c> (read and write) or <c>DIR:ro</c> (read only)
/// on the command line (<c>--allow-path</c>) and in <c>$SLUICE_ALLOW_PATHS</c>.
/// </summary>
/// <param name="Path">The folder (or file); relative paths are taken from the current directory.</param>
/// <param name="Writable">True when actions may also create and write files under it.</param>
public sealed record AllowedPath(string Path, bool Writable)
{
    /// <summary>The environment variable with allowed paths (separated by <c>;</c>), added to <c>--allow-path</c>.</summary>
    public const string Variable = "SLUICE_ALLOW_PATHS";

    private const string ReadOnlySuffix = ":ro";

    /// <summary>Parses <c>DIR</c> or <c>DIR:ro</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> names no folder.</exception>
    public static AllowedPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var readOnly = text.EndsWith(ReadOnlySuffix, StringComparison.Ordinal);
        var path = (readOnly ? text[..^ReadOnlySuffix.Length] : text).Trim();
        if (path.Length == 0)
        {
            throw new ArgumentException($"an allowed path must name a folder (DIR, or DIR:ro for reading only), got '{text}'", nameof(text));
        }
        return new AllowedPath(path, !readOnly);
    }

    /// <summary>The entries of <c>$SLUICE_ALLOW_PATHS</c> (empty when it is not set).</summary>
    /// <exception cref="ArgumentException">An entry names no folder.</exception>
    public static IReadOnlyList<AllowedPath> FromEnvironment() =>
        [.. (Environment.GetEnvironmentVariable(Variable) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    /// <inheritdoc />
    public override string ToString() => Writable ? Path : Path + ReadOnlySuffix;
}
