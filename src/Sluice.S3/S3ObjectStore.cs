using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Diagnostics;
using Sluice.Files;

namespace Sluice.S3;

/// <summary>
/// <c>s3://bucket/key</c> objects through AWSSDK.S3: AWS itself, or an S3-compatible store at an endpoint override
/// (path-style addressing). The client is created on first use, with the standard AWS credential chain. Large files are
/// uploaded in parts (<see cref="S3StoreOptions.PartSize"/>, a multipart upload aborted if any part fails); S3 shows an object only when its upload completes, so a
/// reader sees the old object or the new one, never part of it. Errors name the object and S3's error code, never a
/// credential.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly S3StoreOptions _options;
    private readonly Lazy<AmazonS3Client> _client;

    /// <summary>A store with <paramref name="options"/>.</summary>
    public S3ObjectStore(S3StoreOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _client = new Lazy<AmazonS3Client>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Scheme => "s3";

    /// <inheritdoc />
    public async Task<ObjectInfo?> StatAsync(string uri, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Split(uri);
        try
        {
            var meta = await _client.Value.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return new ObjectInfo(uri, meta.ContentLength, Unquote(meta.ETag), ToOffset(meta.LastModified));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure("reading", uri, ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var (bucket, keyPrefix) = Split(prefix, allowEmptyKey: true);
        var found = new List<ObjectInfo>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        try
        {
            do
            {
                var page = await _client.Value.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                found.AddRange((page.S3Objects ?? []).Select(o => new ObjectInfo($"s3://{bucket}/{o.Key}", o.Size ?? 0, Unquote(o.ETag), ToOffset(o.LastModified))));
                request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (request.ContinuationToken is not null);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure("listing", prefix, ex);
        }
        found.Sort(static (a, b) => string.CompareOrdinal(a.Uri, b.Uri));
        return found;
    }

    /// <inheritdoc />
    public async Task DownloadAsync(string uri, string localPath, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Split(uri);
        try
        {
            using var response = await _client.Value.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            await using var file = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await response.ResponseStream.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SluiceException($"'{uri}' does not exist");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw Failure("reading", uri, ex);
        }
    }

    /// <inheritdoc />
    public async Task<ObjectInfo> UploadAsync(string localPath, string uri, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Split(uri);
        // S3-compatible stores do not all decode the SDK's aws-chunked bodies; a signed plain body works everywhere.
        var chunked = _options.Endpoint is null;
        var size = new FileInfo(localPath).Length;
        try
        {
            if (size < _options.PartSize)
            {
                await _client.Value.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = localPath, UseChunkEncoding = chunked }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await UploadPartsAsync(localPath, bucket, key, size, chunked, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure("writing", uri, ex);
        }
        return await StatAsync(uri, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"'{uri}' was uploaded but is not there; is something deleting objects under it?", isTransient: true);
    }

    /// <summary>
    /// A multipart upload: the object appears when the upload is completed, and an upload that fails is aborted, so
    /// neither a partial object nor its parts stay behind.
    /// </summary>
    private async Task UploadPartsAsync(string localPath, string bucket, string key, long size, bool chunked, CancellationToken cancellationToken)
    {
        var started = await _client.Value.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            for (var (number, offset) = (1, 0L); offset < size; number++, offset += _options.PartSize)
            {
                var part = await _client.Value.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket, Key = key, UploadId = started.UploadId, PartNumber = number, FilePath = localPath,
                    FilePosition = offset, PartSize = Math.Min(_options.PartSize, size - offset), UseChunkEncoding = chunked,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
            }
            await _client.Value.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = key, UploadId = started.UploadId, PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _client.Value.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = started.UploadId }, CancellationToken.None)
                .ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string uri, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Split(uri);
        try
        {
            await _client.Value.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure("deleting", uri, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    /// <summary>The bucket and key of <paramref name="uri"/> (<c>s3://bucket/key</c>).</summary>
    /// <exception cref="SluiceException">Not an s3 URI with a bucket (and a key, unless <paramref name="allowEmptyKey"/>).</exception>
    public static (string Bucket, string Key) Split(string uri, bool allowEmptyKey = false)
    {
        ArgumentNullException.ThrowIfNull(uri);
        const string prefix = "s3://";
        var rest = uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? uri[prefix.Length..] : null;
        var slash = rest?.IndexOf('/') ?? -1;
        var bucket = rest is null ? "" : slash < 0 ? rest : rest[..slash];
        var key = rest is null || slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0 || (key.Length == 0 && !allowEmptyKey))
        {
            throw new SluiceException($"'{uri}' is not an S3 object: write s3://BUCKET/KEY");
        }
        return (bucket, key);
    }

    private AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config
        {
            // S3-compatible stores do not all know the newer default checksums; S3 itself still checks Content-MD5 where it must.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (_options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = _options.ForcePathStyle ?? true;
            config.AuthenticationRegion = _options.Region ?? FallbackRegion()?.SystemName ?? "us-east-1";
        }
        else
        {
            config.ForcePathStyle = _options.ForcePathStyle ?? false;
            config.RegionEndpoint = _options.Region is { } region ? RegionEndpoint.GetBySystemName(region) : FallbackRegion() ?? RegionEndpoint.USEast1;
        }
        return new AmazonS3Client(config);
    }

    private static RegionEndpoint? FallbackRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint();
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    private static SluiceException Failure(string doing, string uri, Exception ex)
    {
        var (detail, transient) = ex switch
        {
            AmazonS3Exception s3 => ($"{(int)s3.StatusCode} {s3.ErrorCode}", (int)s3.StatusCode >= 500 || s3.StatusCode == HttpStatusCode.TooManyRequests || s3.ErrorCode is "SlowDown" or "RequestTimeout"),
            AmazonServiceException service => ($"{(int)service.StatusCode} {service.ErrorCode}", (int)service.StatusCode >= 500),
            _ => (ex.Message, true),
        };
        var hint = ex is AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } or AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" }
            ? "; check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE) and the bucket's permissions"
            : ex is AmazonS3Exception { ErrorCode: "NoSuchBucket" } ? "; the bucket does not exist" : "";
        return new SluiceException($"{doing} '{uri}' failed: {detail}{hint}", transient, ex);
    }

    private static string Unquote(string? etag) => (etag ?? "").Trim('"');

    private static DateTimeOffset ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()) : DateTimeOffset.MinValue;
}
