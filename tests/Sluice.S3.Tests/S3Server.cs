using System.Diagnostics;
using System.Text.Json;

namespace Sluice.S3.Tests;

/// <summary>
/// A real S3-compatible server on 127.0.0.1 (s3rver from npm, <c>tests/interop/s3rver.mjs</c>) as a node child process
/// on a free port, with the bucket <see cref="Bucket"/>. Shared source: the CLI and PostgreSQL tests link this file.
/// The server ends when this fixture is disposed (its stdin closes) or the test process dies.
/// </summary>
public sealed class S3Server : IDisposable
{
    /// <summary>The bucket the server starts with.</summary>
    public const string Bucket = "data";

    /// <summary>The access key s3rver accepts (its documented default); the secret is never printed.</summary>
    public const string AccessKey = "S3RVER";

    private const string SecretKey = "S3RVER";

    private static readonly Lazy<(string? Script, string? Missing)> Probe = new(Find);

    private readonly Process? _process;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sluice-s3rver-" + Guid.NewGuid().ToString("N"));

    public S3Server()
    {
        if (Probe.Value.Script is not { } script)
        {
            return;
        }
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(_directory);
        start.ArgumentList.Add(Bucket);
        _process = Process.Start(start)!;
        var line = _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("s3rver exited before listening: " + _process.StandardError.ReadToEnd());
        using var doc = JsonDocument.Parse(line);
        Endpoint = new Uri($"http://127.0.0.1:{doc.RootElement.GetProperty("port").GetInt32()}");
    }

    /// <summary>Why the server cannot run here (node or the npm packages missing), or null.</summary>
    public static string? MissingReason => Probe.Value.Missing;

    /// <summary>The server's endpoint.</summary>
    public Uri Endpoint { get; } = new("http://127.0.0.1:1");

    /// <summary>
    /// The environment a Sluice process needs to reach the server: the endpoint override and credentials through the
    /// standard AWS variables.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint.ToString(),
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>A store client for the server, with the credentials given explicitly through the environment of this process.</summary>
    public S3ObjectStore CreateStore(long partSize = 16L << 20)
    {
        foreach (var (name, value) in Environment)
        {
            System.Environment.SetEnvironmentVariable(name, value);
        }
        return new S3ObjectStore(new S3StoreOptions { Endpoint = Endpoint, PartSize = partSize });
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (string?, string?) Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "interop", "s3rver.mjs")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            return (null, "tests/interop/s3rver.mjs was not found above the test binaries.");
        }
        var interop = Path.Combine(dir.FullName, "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "s3rver")))
        {
            return (null, "tests/interop/node_modules is missing s3rver; run `npm install --prefix tests/interop --no-audit --no-fund`.");
        }
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                return (null, "`node --version` failed; install Node.js.");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node is not on PATH; install Node.js.");
        }
        return (Path.Combine(interop, "s3rver.mjs"), null);
    }
}
