using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.Diagnostics;

namespace Sluice.Files;

/// <summary>
/// Where the files of datasets and artifacts are: local paths, or objects in a store named by a URI
/// (<c>s3://bucket/key</c>, see <see cref="IObjectStore"/>). Data actions open and create files through it: a remote
/// object is read from a local copy (cached by its ETag, so a file read by several tasks of a process is fetched once;
/// CSV is read in parallel chunks and Parquet needs random access, which a local file gives), and a remote target is
/// written to a local file first and then uploaded in one piece, so readers never see a partial object. With an
/// <see cref="ArtifactStore"/>, the datasets tasks hand to each other are published there, so workers on machines
/// without a shared folder read each other's outputs.
/// </summary>
public sealed class FileStorage
{
    // Object stores are named by their scheme; any other URI (http sources, postgres:// and sqlite table handles) is
    // something else's to open. gs and az are listed so that their paths fail naming the missing store.
    private static readonly string[] ObjectSchemes = ["s3", "gs", "az"];

    private static readonly System.Buffers.SearchValues<char> SchemeChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    private readonly Dictionary<string, IObjectStore> _stores;

    /// <summary>Storage with the given object stores.</summary>
    /// <param name="stores">The object stores, one per scheme.</param>
    /// <param name="cacheFolder">The local folder remote objects are copied to before they are read.</param>
    /// <param name="artifactStore">A remote folder (<c>s3://bucket/prefix</c>) the artifacts of tasks are published to, or null to keep them local.</param>
    /// <param name="localArtifactRoot">The local folder of attempt artifacts; paths under it keep their relative path in <paramref name="artifactStore"/>.</param>
    public FileStorage(IEnumerable<IObjectStore> stores, string cacheFolder, string? artifactStore = null, string? localArtifactRoot = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        _stores = stores.ToDictionary(static s => s.Scheme, StringComparer.OrdinalIgnoreCase);
        CacheFolder = Path.GetFullPath(cacheFolder);
        if (artifactStore is not null)
        {
            if (!IsRemote(artifactStore))
            {
                throw new ArgumentException($"the artifact store must be a URI such as s3://bucket/prefix, got '{artifactStore}'", nameof(artifactStore));
            }
            ArgumentException.ThrowIfNullOrEmpty(localArtifactRoot);
            ArtifactStore = artifactStore.TrimEnd('/');
            LocalArtifactRoot = Path.GetFullPath(localArtifactRoot);
        }
    }

    /// <summary>Local files only; a remote path fails with a message naming the missing store. The default.</summary>
    public static FileStorage Local { get; } = new([], Path.Combine(Path.GetTempPath(), "sluice-objects"));

    /// <summary>The local folder remote objects are copied to before they are read.</summary>
    public string CacheFolder { get; }

    /// <summary>The remote folder artifacts are published to, or null when they stay in the local artifact folder.</summary>
    public string? ArtifactStore { get; }

    /// <summary>The local artifact root whose files map into <see cref="ArtifactStore"/>, or null.</summary>
    public string? LocalArtifactRoot { get; }

    /// <summary>True when <paramref name="path"/> is a URI of an object store (<c>s3://…</c>), not a local path or a web URL.</summary>
    public static bool IsRemote(string? path)
    {
        if (path is null)
        {
            return false;
        }
        var colon = path.IndexOf("://", StringComparison.Ordinal);
        return colon > 1 && !path.AsSpan(0, colon).ContainsAnyExcept(SchemeChars)
            && ObjectSchemes.Contains(path[..colon], StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="path"/> has a <c>*</c> or <c>?</c>.</summary>
    public static bool IsGlob(string path) => path.IndexOfAny(['*', '?']) >= 0;

    /// <summary>The object at <paramref name="uri"/>, or null.</summary>
    /// <exception cref="SluiceException">No store serves the scheme, or the store failed.</exception>
    public Task<ObjectInfo?> StatAsync(string uri, CancellationToken cancellationToken = default) => StoreFor(uri).StatAsync(uri, cancellationToken);

    /// <summary>
    /// The objects <paramref name="pattern"/> names, in URI order: a glob (<c>*</c> and <c>?</c> within one level,
    /// <c>**</c> across levels), or a folder (every object under it; only its direct children unless
    /// <paramref name="recursive"/>).
    /// </summary>
    /// <exception cref="SluiceException">No store serves the scheme, or the store failed.</exception>
    public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string pattern, bool recursive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var store = StoreFor(pattern);
        var wildcard = pattern.IndexOfAny(['*', '?']);
        if (wildcard < 0)
        {
            var folder = pattern.EndsWith('/') ? pattern : pattern + "/";
            var under = await store.ListAsync(folder, cancellationToken).ConfigureAwait(false);
            return [.. under.Where(o => recursive || !o.Uri.AsSpan(folder.Length).Contains('/'))];
        }
        var prefix = pattern[..(pattern.LastIndexOf('/', wildcard) + 1)];
        var regex = new Regex("^" + GlobToRegex(pattern) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var listed = await store.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        return [.. listed.Where(o => regex.IsMatch(o.Uri))];
    }

    /// <summary>
    /// A local file with the content of <paramref name="path"/>: the path itself when it is local, else a copy of the
    /// object in <see cref="CacheFolder"/> (fetched once per version of the object).
    /// </summary>
    /// <exception cref="SluiceException">The object does not exist, no store serves the scheme, or the store failed.</exception>
    public async Task<string> LocalizeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsRemote(path))
        {
            return path;
        }
        var store = StoreFor(path);
        var info = await store.StatAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"'{path}' does not exist");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path + "\n" + info.ETag + "\n" + info.Size)))[..24];
        var local = Path.Combine(CacheFolder, key, SafeName(info.Name));
        if (File.Exists(local))
        {
            return local;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        // Downloaded beside its place and renamed, so a concurrent reader never opens a half-written copy.
        var partial = local + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            await store.DownloadAsync(path, partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, local, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return local;
    }

    /// <summary>As <see cref="LocalizeAsync"/>, for the synchronous parts of readers (opening a dataset).</summary>
    /// <exception cref="SluiceException">The object does not exist, no store serves the scheme, or the store failed.</exception>
    public string Localize(string path) =>
        IsRemote(path) ? Task.Run(() => LocalizeAsync(path)).GetAwaiter().GetResult() : path;

    /// <summary>Uploads the local file <paramref name="localPath"/> to <paramref name="uri"/> (readers see the new object only once it is complete).</summary>
    /// <exception cref="SluiceException">No store serves the scheme, or the store failed.</exception>
    public Task<ObjectInfo> UploadAsync(string localPath, string uri, CancellationToken cancellationToken = default) =>
        StoreFor(uri).UploadAsync(localPath, uri, cancellationToken);

    /// <summary>Deletes the object at <paramref name="uri"/>.</summary>
    /// <exception cref="SluiceException">No store serves the scheme, or the store failed.</exception>
    public Task DeleteAsync(string uri, CancellationToken cancellationToken = default) => StoreFor(uri).DeleteAsync(uri, cancellationToken);

    /// <summary>
    /// Publishes an artifact file written under the local artifact root: with an <see cref="ArtifactStore"/> it is
    /// uploaded to the same relative path there and its URI returned; otherwise the local path is returned unchanged.
    /// </summary>
    /// <exception cref="SluiceException">The upload failed.</exception>
    public async Task<string> PublishArtifactAsync(string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        if (ArtifactStore is null)
        {
            return localPath;
        }
        var relative = Path.GetRelativePath(LocalArtifactRoot!, Path.GetFullPath(localPath));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return localPath;
        }
        var uri = ArtifactStore + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
        await UploadAsync(localPath, uri, cancellationToken).ConfigureAwait(false);
        return uri;
    }

    /// <summary>The store for <paramref name="uri"/>'s scheme.</summary>
    /// <exception cref="SluiceException">No store serves it.</exception>
    public IObjectStore StoreFor(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        var scheme = uri[..Math.Max(0, uri.IndexOf("://", StringComparison.Ordinal))];
        return _stores.GetValueOrDefault(scheme)
            ?? throw new SluiceException(_stores.Count == 0
                ? $"'{uri}' is in an object store, but this host has none configured (object stores are set up by the sluice command, the server and workers)"
                : $"'{uri}': no object store serves '{scheme}://' (supported: {string.Join(", ", _stores.Keys.Select(static k => k + "://"))})");
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
            }
            else
            {
                sb.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }
        return sb.ToString();
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. name.Select(c => invalid.Contains(c) ? '_' : c)]);
        return safe.Length == 0 ? "object" : safe;
    }
}
