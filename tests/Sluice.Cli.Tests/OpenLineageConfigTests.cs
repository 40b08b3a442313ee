using Sluice.Diagnostics;
using Sluice.Hosting.OpenLineage;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>OpenLineage settings are found as the official clients find theirs: OPENLINEAGE_CONFIG, ./openlineage.yml, ~/.openlineage/openlineage.yml, then OPENLINEAGE_URL.</summary>
public sealed class OpenLineageConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _env = [];

    public void Dispose() => _dir.Dispose();

    private OpenLineageSettings? Load() => OpenLineageConfig.Load(_env.GetValueOrDefault, _dir.Path, _dir.File("home"));

    [Fact]
    public void Nothing_Configured_IsNull()
    {
        Load().ShouldBeNull();
    }

    [Fact]
    public void Url_SelectsHttp_WithEndpointApiKeyAndNamespace()
    {
        _env["OPENLINEAGE_URL"] = "http://127.0.0.1:5000";
        _env["OPENLINEAGE_API_KEY"] = "k3y";
        _env["OPENLINEAGE_NAMESPACE"] = "team";

        var settings = Load()!;

        settings.Transport.Type.ShouldBe("http");
        settings.Transport.Endpoint.ShouldBe("api/v1/lineage");
        settings.Transport.ApiKey.ShouldBe("k3y");
        settings.Namespace.ShouldBe("team");

        _env["OPENLINEAGE_DISABLED"] = "true";
        Load().ShouldBeNull();
    }

    [Fact]
    public void FileInCurrentDirectory_WinsOverUrl_AndItsPathIsRelativeToTheFile()
    {
        _env["OPENLINEAGE_URL"] = "http://127.0.0.1:5000";
        File.WriteAllText(_dir.File("openlineage.yml"), "transport:\n  type: file\n  log_file_path: out/events.jsonl\nnamespace: files\n");

        var settings = Load()!;

        settings.Transport.Type.ShouldBe("file");
        settings.Transport.Path.ShouldBe(_dir.File("out/events.jsonl"));
        settings.Namespace.ShouldBe("files");
    }

    [Fact]
    public void ConfigVariable_WinsOverTheCurrentDirectory_AndReadsApiKeyAuth()
    {
        File.WriteAllText(_dir.File("openlineage.yml"), "transport: {type: console}\n");
        File.WriteAllText(_dir.File("other.yml"), "transport:\n  type: http\n  url: http://marquez:5000\n  endpoint: /api/v1/lineage\n  timeout: 2.5\n  auth: {type: api_key, apiKey: s3cret}\n");
        _env["OPENLINEAGE_CONFIG"] = "other.yml";

        var t = Load()!.Transport;

        (t.Type, t.Url, t.ApiKey, t.Timeout).ShouldBe(("http", "http://marquez:5000", "s3cret", TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public void UnknownTransport_IsLocated_AndNamesTheChoices()
    {
        File.WriteAllText(_dir.File("openlineage.yml"), "transport:\n  type: kafka\n");

        var error = Should.Throw<SluiceException>(Load);

        error.Message.ShouldBe($"{_dir.File("openlineage.yml")}:2:9: transport type 'kafka' is not supported; use one of http, file, console");
    }

    [Fact]
    public void MissingConfigFile_SaysWhatToDo()
    {
        _env["OPENLINEAGE_CONFIG"] = "nope.yml";

        Should.Throw<SluiceException>(Load).Message.ShouldContain("create it or unset OPENLINEAGE_CONFIG");
    }
}
