namespace Sluice.S3;

/// <summary>
/// How <see cref="S3ObjectStore"/> reaches S3. Credentials are never set here: the client takes them from the standard
/// AWS chain (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_PROFILE</c> and the shared files, web
/// identity, container and instance roles).
/// </summary>
public sealed record S3StoreOptions
{
    /// <summary>The environment variable with the endpoint of an S3-compatible store (MinIO, Ceph), as the AWS tools read it.</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_S3";

    /// <summary>The general endpoint variable of the AWS tools, used when <see cref="EndpointVariable"/> is not set.</summary>
    public const string GeneralEndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>The environment variable with the multipart part size in MiB (at least 5).</summary>
    public const string PartSizeVariable = "SLUICE_S3_PART_SIZE_MB";

    /// <summary>An endpoint override such as <c>http://127.0.0.1:9000</c>, or null for AWS.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>
    /// Address buckets in the path (<c>http://host/bucket/key</c>) rather than the host name. The default is true with an
    /// <see cref="Endpoint"/> (what S3-compatible stores expect) and false for AWS.
    /// </summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>The region, or null for the SDK's chain (<c>AWS_REGION</c>, the profile); us-east-1 when none names one.</summary>
    public string? Region { get; init; }

    /// <summary>Files at least this large are uploaded in parts of this size. The default is 16 MiB; S3's minimum is 5 MiB.</summary>
    public long PartSize { get; init; } = 16L << 20;

    /// <summary>The options the environment gives (<see cref="EndpointVariable"/>, <see cref="GeneralEndpointVariable"/>, <see cref="PartSizeVariable"/>).</summary>
    /// <exception cref="ArgumentException">An endpoint that is not an absolute http(s) URL, or a part size that is not a number of at least 5.</exception>
    public static S3StoreOptions FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } e ? (EndpointVariable, e)
            : Environment.GetEnvironmentVariable(GeneralEndpointVariable) is { Length: > 0 } g ? (GeneralEndpointVariable, g) : default;
        Uri? uri = null;
        if (endpoint.Item2 is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"${endpoint.Item1} must be an http(s) URL such as http://127.0.0.1:9000, got '{text}'");
        }
        var partSize = 16L << 20;
        if (Environment.GetEnvironmentVariable(PartSizeVariable) is { Length: > 0 } p)
        {
            partSize = long.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var mb) && mb >= 5
                ? mb << 20
                : throw new ArgumentException($"${PartSizeVariable} must be a number of MiB of at least 5 (S3's smallest part), got '{p}'");
        }
        return new S3StoreOptions { Endpoint = uri, PartSize = partSize };
    }
}
