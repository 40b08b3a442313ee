namespace Sluice.Files;

/// <summary>An object in an <see cref="IObjectStore"/>.</summary>
/// <param name="Uri">Its URI, such as <c>s3://bucket/raw/orders.csv</c>.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ETag">The store's entity tag (changes when the content does), without quotes.</param>
/// <param name="LastModified">When it was last written.</param>
public sealed record ObjectInfo(string Uri, long Size, string ETag, DateTimeOffset LastModified)
{
    /// <summary>The part of <see cref="Uri"/> after the last <c>/</c>.</summary>
    public string Name => Uri[(Uri.LastIndexOf('/') + 1)..];
}
