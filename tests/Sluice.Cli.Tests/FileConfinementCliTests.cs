using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>--allow-path</c> through the real commands: <c>sluice run</c> confines only when asked, <c>sluice serve</c> always
/// (the current directory, the artifact root and, read only, the pipelines folder).
/// </summary>
public sealed class FileConfinementCliTests : IDisposable
{
    //  temp/
    //    work/              the current directory
    //      pipelines/copy.yaml
    //      pipelines/lookup.csv
    //    outside/x.csv
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _work;

    private const string Copy = """
        id: copy
        inputs:
          source: {type: path}
        tasks:
          - id: read
            action: ingest_from_sources
            parameters: {source: "{{ inputs.source }}"}
            outputs: [raw_data]
          - id: save
            action: export_to_targets
            dependencies: [read]
            parameters: {data: "{{ read.raw_data }}", targets: ../out/copy.csv}
        """;

    public FileConfinementCliTests()
    {
        _work = Directory.CreateDirectory(_dir.File("work")).FullName;
        Directory.CreateDirectory(_dir.File("work/pipelines"));
        Directory.CreateDirectory(_dir.File("outside"));
        File.WriteAllText(_dir.File("work/pipelines/copy.yaml"), Copy);
        File.WriteAllText(_dir.File("work/pipelines/lookup.csv"), "id\n1\n");
        File.WriteAllText(_dir.File("outside/x.csv"), "id\n2\n");
    }

    [Fact]
    public async Task Run_IsNotConfinedByDefault_AndIsConfinedWithAllowPath()
    {
        var free = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--store", "a.db", "--input", "source=../outside/x.csv");
        var confined = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--store", "b.db", "--input", "source=../outside/x.csv", "--allow-path", "pipelines:ro");
        var allowed = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--store", "c.db", "--input", "source=../outside/x.csv", "--allow-path", _dir.File("outside") + ":ro");

        free.ExitCode.ShouldBe(0, free.ToString());
        confined.ExitCode.ShouldBe(1, confined.ToString());
        // A path input given on the command line is made absolute against the current directory before the run.
        confined.Stderr.ShouldContain("source: reading '" + _dir.File("outside/x.csv") + "' is not allowed: it is outside the allowed folders (" + _work);
        confined.Stderr.ShouldContain("--allow-path " + _dir.File("outside"));
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
        File.ReadAllText(_dir.File("work/out/copy.csv")).ShouldBe("id\n2\n");
    }

    [Fact]
    public async Task Run_AllowPathWithoutAFolder_IsAUsageError()
    {
        var result = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--store", "a.db", "--input", "source=x.csv", "--allow-path", ":ro");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("--allow-path: an allowed path must name a folder");
    }

    [Fact]
    public async Task Worker_ConfinesByDefault_AndAllowPathWidensIt()
    {
        using (var worker = SluiceCli.Start(_work, "worker", "--store", "dist.db"))
        {
            var refused = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--distributed", "--store", "dist.db", "--input", "source=../outside/x.csv");

            refused.ExitCode.ShouldBe(1, refused + "\n--- worker\n" + worker.Stderr);
            refused.Stderr.ShouldContain("reading '" + _dir.File("outside/x.csv") + "' is not allowed");
        }
        using (var widened = SluiceCli.Start(_work, "worker", "--store", "dist.db", "--allow-path", _dir.File("outside") + ":ro"))
        {
            var allowed = await SluiceCli.RunAsync(_work, "run", "pipelines/copy.yaml", "--distributed", "--store", "dist.db", "--input", "source=../outside/x.csv");

            allowed.ExitCode.ShouldBe(0, allowed + "\n--- worker\n" + widened.Stderr);
        }
    }

    [Fact]
    public async Task Serve_ConfinesByDefault_ToTheCurrentDirectoryAndThePipelinesFolder()
    {
        var port = SluiceCli.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var server = SluiceCli.Start(_work, "serve", "--pipelines", "pipelines", "--urls", baseUri.ToString().TrimEnd('/'), "--store", "state.db");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            server.Process.HasExited.ShouldBeFalse(server.Stderr);
            try
            {
                using var r = await _http.GetAsync(new Uri(baseUri, "api/pipelines"));
                if (r.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the server did not start: " + server.Stderr);
            await Task.Delay(100);
        }

        // Inputs given through the API are not the command line's: a relative path is the pipeline file's (work/pipelines).
        var outside = await RunAsync(baseUri, "../../outside/x.csv");
        var system = await RunAsync(baseUri, "/etc/passwd");
        var inPipelines = await RunAsync(baseUri, "lookup.csv");

        outside.State.ShouldBe("failed");
        outside.Error.ShouldContain("reading '../../outside/x.csv' (resolved to '" + _dir.File("outside/x.csv") + "') is not allowed");
        system.State.ShouldBe("failed");
        system.Error.ShouldContain("reading '/etc/passwd' is not allowed");
        inPipelines.State.ShouldBe("succeeded", inPipelines.Error);
    }

    private async Task<(string State, string Error)> RunAsync(Uri baseUri, string source)
    {
        using var start = await _http.PostAsJsonAsync(new Uri(baseUri, "api/pipelines/copy/runs"), new { inputs = new { source } });
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await _http.GetFromJsonAsync<JsonElement>(new Uri(baseUri, $"api/runs/{runId}"));
            var state = run.GetProperty("state").GetString()!;
            if (state is "succeeded" or "failed" or "cancelled")
            {
                var tasks = await _http.GetStringAsync(new Uri(baseUri, $"api/runs/{runId}/tasks"));
                return (state, run + tasks);
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the run did not finish");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
