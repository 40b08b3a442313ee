using System.Globalization;
using Sluice.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Hosting.OpenLineage;

/// <summary>
/// Finds the OpenLineage settings the way the official clients do: the file named by <c>OPENLINEAGE_CONFIG</c>, else
/// <c>openlineage.yml</c> in the current directory, else <c>~/.openlineage/openlineage.yml</c>; without a file,
/// <c>OPENLINEAGE_URL</c> (with <c>OPENLINEAGE_ENDPOINT</c> and <c>OPENLINEAGE_API_KEY</c>) selects the http transport.
/// <c>OPENLINEAGE_DISABLED=true</c> turns emission off; <c>OPENLINEAGE_NAMESPACE</c> names the job namespace.
/// </summary>
public static class OpenLineageConfig
{
    private static readonly string[] TransportTypes = ["http", "file", "console"];

    /// <summary>The settings, or null when nothing configures OpenLineage (or it is disabled).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="currentDirectory">Where <c>openlineage.yml</c> is looked for first.</param>
    /// <param name="home">The user's home folder, or null.</param>
    /// <exception cref="SluiceException">The file or a variable is invalid; the message says where and what to do.</exception>
    public static OpenLineageSettings? Load(Func<string, string?> environment, string currentDirectory, string? home)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("OPENLINEAGE_DISABLED") is { } disabled && disabled.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var settings = FromFile(environment, currentDirectory, home) ?? FromUrl(environment);
        if (settings is null)
        {
            return null;
        }
        if (environment("OPENLINEAGE_NAMESPACE") is { Length: > 0 } ns)
        {
            settings = settings with { Namespace = ns };
        }
        if (environment("OPENLINEAGE_PRODUCER") is { Length: > 0 } producer)
        {
            settings = settings with { Producer = CheckUri(producer, "OPENLINEAGE_PRODUCER") };
        }
        return settings;
    }

    /// <summary>The settings of the process: its environment, current directory and home folder.</summary>
    /// <exception cref="SluiceException">The configuration is invalid.</exception>
    public static OpenLineageSettings? FromProcess() =>
        Load(Environment.GetEnvironmentVariable, Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    private static OpenLineageSettings? FromUrl(Func<string, string?> environment)
    {
        if (environment("OPENLINEAGE_URL") is not { Length: > 0 } url)
        {
            return null;
        }
        return new OpenLineageSettings
        {
            Origin = "OPENLINEAGE_URL",
            Transport = new OpenLineageTransportSettings
            {
                Type = "http",
                Url = CheckHttpUrl(url, "OPENLINEAGE_URL"),
                Endpoint = environment("OPENLINEAGE_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : "api/v1/lineage",
                ApiKey = environment("OPENLINEAGE_API_KEY") is { Length: > 0 } key ? key : null,
            },
        };
    }

    private static OpenLineageSettings? FromFile(Func<string, string?> environment, string currentDirectory, string? home)
    {
        string? path = null;
        if (environment("OPENLINEAGE_CONFIG") is { Length: > 0 } named)
        {
            path = Path.GetFullPath(named, currentDirectory);
            if (!File.Exists(path))
            {
                throw new SluiceException($"OPENLINEAGE_CONFIG names {path}, which does not exist; create it or unset OPENLINEAGE_CONFIG");
            }
        }
        else if (Path.Combine(currentDirectory, "openlineage.yml") is var local && File.Exists(local))
        {
            path = local;
        }
        else if (home is { Length: > 0 } && Path.Combine(home, ".openlineage", "openlineage.yml") is var user && File.Exists(user))
        {
            path = user;
        }
        return path is null ? null : Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads the text of an <c>openlineage.yml</c>.</summary>
    /// <exception cref="SluiceException">It is invalid; the message says where (file:line:col) and what to do.</exception>
    public static OpenLineageSettings Parse(string text, string file)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new SluiceException($"{file}:{ex.Start.Line}:{ex.Start.Column}: {ex.Message}; fix the YAML syntax");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SluiceException($"{file}:1:1: an OpenLineage configuration is a mapping with a 'transport:' section, for example 'transport: {{type: http, url: http://localhost:5000}}'");
        }
        var settings = new OpenLineageSettings { Origin = file, Transport = Transport(root, file) };
        if (Scalar(root, "namespace", file) is { } ns)
        {
            settings = settings with { Namespace = ns };
        }
        if (Scalar(root, "producer", file) is { } producer)
        {
            settings = settings with { Producer = CheckUri(producer, At(file, Node(root, "producer")!) + " producer") };
        }
        return settings;
    }

    private static OpenLineageTransportSettings Transport(YamlMappingNode root, string file)
    {
        if (Node(root, "transport") is not YamlMappingNode t)
        {
            throw new SluiceException($"{At(file, root)}: there is no 'transport:' mapping; add for example 'transport: {{type: http, url: http://localhost:5000}}'");
        }
        var type = Scalar(t, "type", file) ?? throw new SluiceException($"{At(file, t)}: the transport has no 'type'; use one of {string.Join(", ", TransportTypes)}");
        switch (type)
        {
            case "http":
                var url = Scalar(t, "url", file) ?? throw new SluiceException($"{At(file, t)}: the http transport has no 'url'; add for example 'url: http://localhost:5000'");
                var settings = new OpenLineageTransportSettings { Type = type, Url = CheckHttpUrl(url, At(file, Node(t, "url")!) + " url") };
                if (Scalar(t, "endpoint", file) is { } endpoint)
                {
                    settings = settings with { Endpoint = endpoint };
                }
                if (Scalar(t, "timeout", file) is { } timeout)
                {
                    if (!double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        throw new SluiceException($"{At(file, Node(t, "timeout")!)}: timeout must be a number of seconds above 0, was '{timeout}'");
                    }
                    settings = settings with { Timeout = TimeSpan.FromSeconds(seconds) };
                }
                if (Node(t, "auth") is YamlMappingNode auth)
                {
                    var authType = Scalar(auth, "type", file);
                    if (authType is not ("api_key" or "apiKey"))
                    {
                        throw new SluiceException($"{At(file, auth)}: auth type '{authType}' is not supported; use 'type: api_key' with 'apiKey:'");
                    }
                    settings = settings with { ApiKey = Scalar(auth, "apiKey", file) ?? Scalar(auth, "api_key", file) };
                }
                return settings;
            case "file":
                var path = Scalar(t, "log_file_path", file) ?? Scalar(t, "location", file)
                    ?? throw new SluiceException($"{At(file, t)}: the file transport has no 'log_file_path'; add for example 'log_file_path: lineage.jsonl'");
                return new OpenLineageTransportSettings { Type = type, Path = Path.GetFullPath(path, Path.GetDirectoryName(Path.GetFullPath(file))!) };
            case "console":
                return new OpenLineageTransportSettings { Type = type };
            default:
                throw new SluiceException($"{At(file, Node(t, "type")!)}: transport type '{type}' is not supported; use one of {string.Join(", ", TransportTypes)}");
        }
    }

    private static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key, string file) => Node(map, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw new SluiceException($"{At(file, other)}: '{key}' must be a single value"),
    };

    private static string At(string file, YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

    private static string CheckHttpUrl(string url, string where) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url
            : throw new SluiceException($"{where}: '{url}' is not an http(s) URL; write for example http://localhost:5000");

    private static string CheckUri(string uri, string where) =>
        Uri.TryCreate(uri, UriKind.Absolute, out _) ? uri : throw new SluiceException($"{where}: '{uri}' is not an absolute URI; write for example https://example.com/my-producer");
}
