using Sluice.Diagnostics;

namespace Sluice.Files;

/// <summary>
/// The folders actions may read and write files in. Every data action asks it before it opens or creates a file
/// (<see cref="Actions.ActionContext.Files"/>); <c>sluice serve</c> and <c>sluice worker</c> confine by default,
/// <c>sluice run</c> when paths are allowed explicitly. A path is resolved before it is checked — made absolute,
/// <c>..</c> removed and every symbolic link followed — so neither <c>../</c> nor a link leads out of a root.
/// Object URIs (<c>s3://bucket/prefix</c>) are allowed by prefix, as folders are.
/// A relative path is relative to the policy's <see cref="BaseFolder"/>: the folder of the pipeline file that wrote it
/// (each attempt's context gets a copy made with <see cref="RelativeTo"/>), else the current directory.
/// Shell commands are not confined: they run as the user, with the user's permissions.
/// </summary>
public sealed class PathPolicy
{
    // Linux file names are case-sensitive; Windows and macOS file systems usually are not.
    private static readonly StringComparison NameComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly (string Root, bool Writable, AllowedPath Given)[] _roots;
    private readonly bool _confined;

    private PathPolicy((string, bool, AllowedPath)[]? roots, bool confined, string? baseFolder)
    {
        _roots = roots ?? [];
        _confined = confined;
        BaseFolder = baseFolder;
    }

    /// <summary>No confinement: every path the user running Sluice can reach. The default.</summary>
    public static PathPolicy Unrestricted { get; } = new(null, false, null);

    /// <summary>False for <see cref="Unrestricted"/> (whatever its base folder).</summary>
    public bool IsConfined => _confined;

    /// <summary>
    /// The folder relative paths are resolved against (absolute), or null for the current directory. The default is null.
    /// </summary>
    public string? BaseFolder { get; }

    /// <summary>The same policy with relative paths resolved against <paramref name="folder"/> (made absolute now).</summary>
    public PathPolicy RelativeTo(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new PathPolicy(_roots, _confined, Path.GetFullPath(folder));
    }

    /// <summary>
    /// <paramref name="path"/> made absolute against <see cref="BaseFolder"/> (an object URI as it is), without any
    /// check: for the places that name a path in a message or a mark before it is checked.
    /// </summary>
    public string Full(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileStorage.IsRemote(path) ? path : BaseFolder is null ? Path.GetFullPath(path) : Path.GetFullPath(path, BaseFolder);
    }

    /// <summary>The allowed paths, as given.</summary>
    public IReadOnlyList<AllowedPath> Roots => [.. _roots.Select(static r => r.Given)];

    /// <summary>
    /// A policy allowing <paramref name="roots"/> only (resolved now, relative to the current directory). A folder given
    /// twice gets the widest access given.
    /// </summary>
    public static PathPolicy Confined(IEnumerable<AllowedPath> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return new PathPolicy([.. roots.Select(static r => (Resolve(r.Path), r.Writable, r))], true, null);
    }

    /// <summary>
    /// Returns <paramref name="path"/> resolved (absolute, without <c>..</c>, symbolic links followed) when it lies in an
    /// allowed folder; otherwise throws.
    /// </summary>
    /// <param name="path">The path as the pipeline wrote it.</param>
    /// <param name="where">What the path is, for the message (a parameter such as <c>targets[0]</c>).</param>
    /// <exception cref="SluiceException">The path is outside every allowed folder (not transient).</exception>
    public string CheckRead(string path, string where) => Check(path, where, write: false);

    /// <summary>As <see cref="CheckRead"/>, for a file that is created or written (the folder must be allowed for writing).</summary>
    /// <exception cref="SluiceException">The path is outside every folder allowed for writing (not transient).</exception>
    public string CheckWrite(string path, string where) => Check(path, where, write: true);

    private string Check(string path, string where, bool write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var remote = FileStorage.IsRemote(path);
        if (!IsConfined)
        {
            return Full(path);
        }
        var resolved = remote ? path : Resolve(Full(path));
        var readOnlyRoot = default(AllowedPath);
        foreach (var (root, writable, given) in _roots)
        {
            if (Contains(root, resolved))
            {
                if (writable || !write)
                {
                    return resolved;
                }
                readOnlyRoot = given;
            }
        }
        var shown = string.Equals(resolved, path, NameComparison) ? $"'{path}'" : $"'{path}' (resolved to '{resolved}')";
        var prefix = where.Length > 0 ? where + ": " : "";
        var hint = $"allow it with --allow-path {Suggest(resolved)}{(write ? "" : " (or DIR:ro to allow reading only)")} or ${AllowedPath.Variable}";
        throw new SluiceException(readOnlyRoot is not null
            ? $"{prefix}writing {shown} is not allowed: '{readOnlyRoot.Path}' is allowed for reading only; {hint}"
            : $"{prefix}{(write ? "writing" : "reading")} {shown} is not allowed: it is outside the allowed folders ({string.Join(", ", _roots.Select(Describe))}); {hint}");
    }

    private static string Describe((string Root, bool Writable, AllowedPath Given) r) => r.Root + (r.Writable ? "" : " (read only)");

    private static string Suggest(string resolved) =>
        FileStorage.IsRemote(resolved) ? resolved[..(resolved.LastIndexOf('/') + 1)] : Path.GetDirectoryName(resolved) ?? resolved;

    // An object URI (s3://bucket/prefix) is allowed under a root that is the same URI or a folder prefix of it; object
    // keys have no links and no "..", and they are case-sensitive everywhere.
    private static bool Contains(string root, string path) => FileStorage.IsRemote(root) || FileStorage.IsRemote(path)
        ? FileStorage.IsRemote(root) && path.StartsWith(root, StringComparison.Ordinal) && (path.Length == root.Length || root.EndsWith('/') || path[root.Length] == '/')
        : path.StartsWith(root, NameComparison) && (path.Length == root.Length || Path.EndsInDirectorySeparator(root) || path[root.Length] == Path.DirectorySeparatorChar);

    /// <summary>
    /// <paramref name="path"/> made absolute with every symbolic link on the way followed (like <c>realpath</c>); the
    /// part that does not exist yet is kept as written, after <c>..</c> has been removed.
    /// </summary>
    internal static string Resolve(string path)
    {
        if (FileStorage.IsRemote(path))
        {
            return path;
        }
        var full = Path.GetFullPath(path);
        // Links may point at links; a loop ends with the path as it stands (the open then fails on its own).
        for (var hops = 0; hops < 40; hops++)
        {
            var root = Path.GetPathRoot(full)!;
            var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? redirected = null;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                var info = new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    var rest = parts.Length > i + 1 ? Path.Combine(parts[(i + 1)..]) : "";
                    redirected = Path.GetFullPath(Path.Combine(Path.GetFullPath(target, current), rest));
                    break;
                }
                if (!Path.Exists(next))
                {
                    return full;
                }
                current = next;
            }
            if (redirected is null)
            {
                return full;
            }
            full = redirected;
        }
        return full;
    }
}
