using Sluice.Files;
using Sluice.Stores;

namespace Sluice.Hosting;

/// <summary>
/// The file confinement every host builds the same way: the current directory and the store's artifact root (read and
/// write), the pipelines folder of <c>sluice serve</c> (read only), and the paths the user allowed
/// (<c>--allow-path</c>, <c>$SLUICE_ALLOW_PATHS</c>).
/// </summary>
public static class SluiceFiles
{
    /// <summary>The policy for a host on <paramref name="store"/>.</summary>
    /// <param name="store">The opened store; its artifact root is allowed for reading and writing.</param>
    /// <param name="allowed">Paths the user allowed.</param>
    /// <param name="pipelinesFolder">The folder pipelines are loaded from (allowed for reading), or null.</param>
    public static PathPolicy Confined(SluiceStore store, IEnumerable<AllowedPath> allowed, string? pipelinesFolder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Workers publish artifacts to the artifact store and read each other's there.
        var withStore = store.Storage.ArtifactStore is { } remote ? allowed.Append(new AllowedPath(remote, true)) : allowed;
        return Confined(store.ArtifactRoot, withStore, pipelinesFolder);
    }

    /// <summary>The policy for a host whose tasks write their artifacts under <paramref name="artifactRoot"/>.</summary>
    /// <param name="artifactRoot">The artifact root; allowed for reading and writing.</param>
    /// <param name="allowed">Paths the user allowed.</param>
    /// <param name="pipelinesFolder">The folder pipelines are loaded from (allowed for reading), or null.</param>
    public static PathPolicy Confined(string artifactRoot, IEnumerable<AllowedPath> allowed, string? pipelinesFolder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactRoot);
        ArgumentNullException.ThrowIfNull(allowed);
        var roots = new List<AllowedPath> { new(Directory.GetCurrentDirectory(), true), new(artifactRoot, true) };
        if (pipelinesFolder is not null)
        {
            roots.Add(new AllowedPath(pipelinesFolder, false));
        }
        roots.AddRange(allowed);
        return PathPolicy.Confined(roots);
    }
}
