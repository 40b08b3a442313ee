namespace Sluice.Files;

/// <summary>
/// An object store reached by URI (<c>s3://bucket/key</c>): the operations <see cref="FileStorage"/> needs to read,
/// list and publish files there. Implementations never log credentials.
/// </summary>
public interface IObjectStore
{
    /// <summary>The URI scheme this store serves, such as <c>s3</c>.</summary>
    string Scheme { get; }

    /// <summary>The object at <paramref name="uri"/>, or null when there is none.</summary>
    /// <exception cref="Diagnostics.SluiceException">The store cannot be reached or refused the request.</exception>
    Task<ObjectInfo?> StatAsync(string uri, CancellationToken cancellationToken = default);

    /// <summary>Every object whose URI starts with <paramref name="prefix"/> (recursively), in key order.</summary>
    /// <exception cref="Diagnostics.SluiceException">The store cannot be reached or refused the request.</exception>
    Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Copies the object at <paramref name="uri"/> into the local file <paramref name="localPath"/>.</summary>
    /// <exception cref="Diagnostics.SluiceException">No such object, or the store cannot be reached.</exception>
    Task DownloadAsync(string uri, string localPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the local file <paramref name="localPath"/> at <paramref name="uri"/>, in parts when it is large. Readers
    /// see the previous object (or none) until the upload completes, then the whole new one.
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">The store cannot be reached or refused the upload.</exception>
    Task<ObjectInfo> UploadAsync(string localPath, string uri, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object at <paramref name="uri"/> (nothing when there is none).</summary>
    /// <exception cref="Diagnostics.SluiceException">The store cannot be reached or refused the request.</exception>
    Task DeleteAsync(string uri, CancellationToken cancellationToken = default);
}
