using Sluice.Diagnostics;

namespace Sluice.Definition;

/// <summary>
/// Locations of the parts of a definition, keyed by path: <c>tasks[2]</c>, <c>tasks[2].action</c>,
/// <c>tasks[2].parameters.source</c>, <c>inputs.mode.default</c>. A path's key location is under
/// <c>path#key</c>; for quoted and block scalars, where the text itself starts (after the quote, or
/// on the first content line) is under <c>path#value</c>. Lookups fall back to the nearest enclosing path.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations;

    /// <summary>Creates a map for <paramref name="file"/>.</summary>
    public SourceMap(string file, Dictionary<string, SourceLocation> locations)
    {
        File = file;
        _locations = locations;
    }

    /// <summary>A map with no locations (C# definitions).</summary>
    public static SourceMap Empty { get; } = new("<code>", []);

    /// <summary>The file the definition was read from, or <c>&lt;code&gt;</c>.</summary>
    public string File { get; }

    /// <summary>The location of <paramref name="path"/> or of its nearest recorded ancestor.</summary>
    public SourceLocation this[string path]
    {
        get
        {
            var p = path;
            while (true)
            {
                if (_locations.TryGetValue(p, out var loc))
                {
                    return loc;
                }
                var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
                if (cut <= 0)
                {
                    return new SourceLocation(File, 0, 0);
                }
                p = p[..cut];
            }
        }
    }

    /// <summary>The location recorded for exactly <paramref name="path"/>, without falling back to an ancestor.</summary>
    public bool TryGetExact(string path, out SourceLocation location) => _locations.TryGetValue(path, out location);

    /// <summary>True when no location is recorded (a definition built in C#).</summary>
    public bool IsEmpty => _locations.Count == 0;

    /// <summary>All recorded paths and locations.</summary>
    public IReadOnlyDictionary<string, SourceLocation> Locations => _locations;
}
