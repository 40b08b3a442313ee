using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice worker --alert-webhook URL</c>: a quality gate that warns in a task the worker runs posts a <c>quality_gate</c> alert to a real receiver.</summary>
public sealed class WorkerAlertCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    public void Dispose()
    {
        _listener.Close();
        _dir.Dispose();
    }

    /// <summary>Starts a receiver on 127.0.0.1 that records each POST body and answers 200.</summary>
    private string StartReceiver()
    {
        var url = $"http://127.0.0.1:{SluiceCli.FreePort()}/hook/";
        _listener.Prefixes.Add(url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    _bodies.Enqueue(await reader.ReadToEndAsync());
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        return url;
    }

    [Fact]
    public async Task Worker_AlertWebhook_WarningGateOfADistributedRun_PostsAQualityGateAlert()
    {
        var url = StartReceiver();
        // One of three rows misses its amount: completeness is below the warning gate's minimum; the run still succeeds.
        await File.WriteAllTextAsync(_dir.File("orders.csv"), "order_id,amount\n1,10\n2,\n3,5\n");
        await File.WriteAllTextAsync(_dir.File("p.yaml"), $$"""
            id: gated_worker
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{_dir.File("orders.csv")}}"
                  checks: [missing_percent(amount) < 1]
                  gates: [{metric: completeness, min: 0.99, on_fail: warn}]
            """);
        using var worker = SluiceCli.Start(_dir.Path, "worker", "--store", "d.db", "--alert-webhook", url + "T0KEN");

        var run = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--distributed", "--store", "d.db");

        run.ExitCode.ShouldBe(0, run + "\n--- worker\n" + worker.Stderr);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (_bodies.IsEmpty)
            {
                await Task.Delay(50, cts.Token);
            }
        }
        var body = JsonDocument.Parse(_bodies.Single()).RootElement;
        body.GetProperty("kind").GetString().ShouldBe("quality_gate");
        body.GetProperty("task_id").GetString().ShouldBe("quality");
        body.GetProperty("fields").GetProperty("metric").GetString().ShouldBe("completeness");
        body.GetProperty("message").GetString()!.ShouldContain("quality gate completeness >= 0.99");
    }

    [Fact]
    public async Task Worker_AlertWebhookNotAnHttpUrl_IsRefusedAtStart()
    {
        var result = await SluiceCli.RunAsync(_dir.Path, "worker", "--store", "d.db", "--alert-webhook", "ftp://example.org/hook");

        result.ExitCode.ShouldBe(2, result.ToString());
        // Messages are wrapped to the console width: compare words.
        string.Join(' ', result.Stderr.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            .ShouldContain("'ftp://example.org/hook' is not an absolute http:// or https:// URL");
    }
}
