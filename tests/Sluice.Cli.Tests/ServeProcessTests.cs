using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// `sluice serve` as a real child process on 127.0.0.1: a run triggered through the API is followed to success and its
/// logs are read; a real Prometheus (Debian package `prometheus`) scrapes /metrics and records the run counter.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private async Task<(RunningCli Server, Uri Base)> StartServerAsync()
    {
        var pipelines = Directory.CreateDirectory(_dir.File("pipelines")).FullName;
        File.WriteAllText(Path.Combine(pipelines, "hello.yaml"), """
            id: hello
            inputs:
              who: {type: string, default: world}
            tasks:
              - id: greet
                action: shell
                parameters: {command: "echo hello {{ inputs.who }}"}
                outputs: [stdout]
              - id: after
                action: noop
                dependencies: [greet]
            """);
        var port = SluiceCli.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var server = SluiceCli.Start(_dir.Path, "serve", "--pipelines", pipelines, "--urls", baseUri.ToString().TrimEnd('/'), "--store", _dir.File("state.db"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            server.Process.HasExited.ShouldBeFalse(server.Stderr);
            try
            {
                using var r = await _http.GetAsync(new Uri(baseUri, "api/pipelines"));
                if (r.IsSuccessStatusCode)
                {
                    return (server, baseUri);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the server did not start: " + server.Stderr);
            await Task.Delay(100);
        }
    }

    private async Task<string> TriggerAndFollowAsync(Uri baseUri)
    {
        using var start = await _http.PostAsJsonAsync(new Uri(baseUri, "api/pipelines/hello/runs"), new { inputs = new { who = "api" } });
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await _http.GetFromJsonAsync<JsonElement>(new Uri(baseUri, $"api/runs/{runId}"));
            var state = run.GetProperty("state").GetString();
            if (state is "succeeded" or "failed" or "cancelled")
            {
                state.ShouldBe("succeeded", run.ToString());
                return runId;
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the run did not finish");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ServeProcess_TriggerRunThroughApi_FollowsItToSuccess_AndReadsItsLogs()
    {
        var (server, baseUri) = await StartServerAsync();
        using (server)
        {
            var runId = await TriggerAndFollowAsync(baseUri);
            var logs = await _http.GetStringAsync(new Uri(baseUri, $"api/runs/{runId}/logs?task=greet"));
            logs.ShouldContain("hello api");
            using var missing = await _http.GetAsync(new Uri(baseUri, "api/runs/no-such-run"));
            missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            server.Signal("TERM");
            var exited = server.Process.WaitForExitAsync();
            (await Task.WhenAny(exited, Task.Delay(30_000))).ShouldBe(exited, "the server did not stop on SIGTERM");
        }
    }

    [PrometheusFact]
    public async Task RealPrometheus_ScrapesTheServer_AndRecordsTheRunCounter()
    {
        var (server, baseUri) = await StartServerAsync();
        using (server)
        {
            await TriggerAndFollowAsync(baseUri);
            var promPort = SluiceCli.FreePort();
            var config = _dir.File("prometheus.yml");
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: sluice
                    static_configs:
                      - targets: ["127.0.0.1:{baseUri.Port}"]
                """);
            using var prometheus = new RunningCli(System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("prometheus")
            {
                ArgumentList = { "--config.file=" + config, "--storage.tsdb.path=" + _dir.File("tsdb"), "--web.listen-address=127.0.0.1:" + promPort },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!);
            var query = new Uri($"http://127.0.0.1:{promPort}/api/v1/query?query=" + Uri.EscapeDataString("sluice_runs_total{pipeline=\"hello\",state=\"succeeded\"}"));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    var answer = await _http.GetFromJsonAsync<JsonElement>(query);
                    var result = answer.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                    {
                        var value = double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                        value.ShouldBe(1);
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
                DateTime.UtcNow.ShouldBeLessThan(deadline, "Prometheus never recorded sluice_runs_total: " + prometheus.Stderr);
                await Task.Delay(250);
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Needs Prometheus: skipped with the reason when it is missing, except in CI (CI=true), where it must run.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        var missing = !File.Exists("/usr/bin/prometheus");
        if (missing && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "prometheus is not installed (apt-get install -y prometheus); in CI this test fails instead";
        }
    }
}
