using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Tests.Testing;

namespace Sluice.Server.Tests.Testing;

/// <summary>
/// A real Sluice server: Kestrel on 127.0.0.1 with a free port, a temp pipelines folder and a temp
/// SQLite store. Tests talk to it over HTTP like any client.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    private WebApplication? _app;

    private ServerHarness()
    {
        Directory.CreateDirectory(PipelinesDirectory);
    }

    public string PipelinesDirectory => _temp.File("pipelines");
    public string StorePath => _temp.File("state/sluice.db");
    public string Root => _temp.Path;
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>The settings the server runs with (kept across <see cref="RestartAsync"/>).</summary>
    public ServerOptions Options { get; private set; } = null!;

    /// <summary>Writes pipeline files first (name → YAML), then starts the server.</summary>
    public static async Task<ServerHarness> StartAsync(Dictionary<string, string>? pipelines = null, Func<ServerOptions, ServerOptions>? configure = null, string urls = "http://127.0.0.1:0")
    {
        var h = new ServerHarness();
        foreach (var (name, yaml) in pipelines ?? [])
        {
            h.WritePipeline(name, yaml);
        }
        var options = new ServerOptions
        {
            PipelinesDirectory = h.PipelinesDirectory,
            StorePath = h.StorePath,
            Urls = urls,
            ReloadDebounce = TimeSpan.FromMilliseconds(150),
        };
        h.Options = configure?.Invoke(options) ?? options;
        await h.StartAppAsync();
        return h;
    }

    /// <summary>Stops the server as a process exit would, then starts a new one on the same folder and store file.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAppAsync();
    }

    /// <summary>Stops the server (the folder and store stay) until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Starts a new server after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => StartAppAsync();

    private async Task StartAppAsync()
    {
        _app = await SluiceServer.CreateAsync(Options);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A wildcard binding is reached through loopback: tests never send traffic elsewhere.
        address = address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public void WritePipeline(string name, string yaml) => File.WriteAllText(Path.Combine(PipelinesDirectory, name), yaml);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POSTs a run request and returns the new run's id.</summary>
    public async Task<string> StartRunAsync(string pipeline, object? inputs = null)
    {
        using var response = await Client.PostAsJsonAsync($"api/pipelines/{pipeline}/runs", new { inputs = inputs ?? new { } });
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(202, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("run_id").GetString()!;
    }

    /// <summary>POSTs a command without a body (cancel, resume) as an API client does: with a JSON content type, which a cross-site page cannot send.</summary>
    public Task<HttpResponseMessage> PostCommandAsync(string path) =>
        Client.PostAsync(path, new StringContent("", System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The runs of <paramref name="pipeline"/>, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> RunsOfAsync(string pipeline)
    {
        var list = await GetJsonAsync($"api/runs?pipeline={Uri.EscapeDataString(pipeline)}&limit=200");
        return [.. list.GetProperty("runs").EnumerateArray()];
    }

    /// <summary>Polls the run until it reaches a final state (bounded: fails after <paramref name="seconds"/>).</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, int seconds = 60)
    {
        return await WaitForAsync(async () =>
        {
            var run = await GetJsonAsync($"api/runs/{runId}");
            var state = run.GetProperty("state").GetString();
            var idle = run.GetProperty("waiting_for").ValueKind == JsonValueKind.Null;
            return state is "succeeded" or "failed" or "cancelled" && idle && !IsExecuting(runId) ? run : (JsonElement?)null;
        }, seconds, $"run {runId} to finish");
    }

    public bool IsExecuting(string runId) => Services.GetRequiredService<Server.Runs.RunHost>().IsExecuting(runId);

    /// <summary>Polls <paramref name="probe"/> every 100 ms until it returns a value; fails after <paramref name="seconds"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, int seconds, string what) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {seconds}s waiting for {what}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _temp.Dispose();
    }
}
