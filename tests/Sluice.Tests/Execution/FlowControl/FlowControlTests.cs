using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.DataActions.Tests.Testing;
using Sluice.Definition.Yaml;
using Sluice.State;
using Sluice.Tests.Execution.Semantics;

namespace Sluice.Tests.Execution.FlowControl;

/// <summary><c>rate_limit</c> and <c>circuit_breaker</c> against a real HTTP server on 127.0.0.1.</summary>
public sealed class FlowControlTests : IAsyncLifetime
{
    private EmbeddedEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await EmbeddedEngine.CreateAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task RateLimitPerHost_FiftyTasksAtFivePerSecond_NeverStartMoreThanFivePerSecond()
    {
        var arrivals = new ConcurrentQueue<long>();
        await using var server = StubHttpServer.Start((_, _) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return "{}";
        });
        var p = Load($$$"""
            id: limited
            tasks:
              - id: call
                action: http_request
                for_each: "{{ range(50) }}"
                parameters: {url: "{{{server.Url}}}item/{{ item }}"}
                rate_limit: {requests: 5, per: 1s, key: host}
            """);

        var started = Stopwatch.GetTimestamp();
        var run = await _engine.RunAsync(p);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        var seconds = arrivals.Select(t => Stopwatch.GetElapsedTime(started, t).TotalSeconds).Order().ToList();
        seconds.Count.ShouldBe(50);
        // The k-th group of five may start k seconds after the run began, no sooner; a loaded machine only delays them.
        for (var k = 1; k <= 9; k++)
        {
            seconds.Count(s => s < k).ShouldBeLessThanOrEqualTo(5 * k, $"requests in the first {k} s: {string.Join(", ", seconds.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        seconds[^1].ShouldBeGreaterThanOrEqualTo(9.0);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterItsFailures_FailsFast_ThenHalfOpensAfterItsDelay()
    {
        var healthy = false;
        await using var server = StubHttpServer.Start((_, response) =>
        {
            response.StatusCode = Volatile.Read(ref healthy) ? 200 : 500;
            return "{}";
        });
        var p = Load($$$"""
            id: broken
            tasks:
              - id: call
                action: http_request
                for_each: "{{ range(6) }}"
                parallel: false
                parameters: {url: "{{{server.Url}}}item/{{ item }}"}
                circuit_breaker: {failures: 2, reset_after: 2s, key: host}
            """);

        var first = await _engine.RunAsync(p);

        first.State.ShouldBe(RunState.Failed);
        server.Requests.Count.ShouldBe(2);
        first.Items("call").Skip(2).ShouldAllBe(i => i.State == TaskState.Failed && i.Error!.Contains("circuit for 'host:127.0.0.1:", StringComparison.Ordinal));

        // After the delay one attempt is let through; it succeeds and closes the circuit for the rest.
        Volatile.Write(ref healthy, true);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var second = await _engine.RunAsync(p);

        second.State.ShouldBe(RunState.Succeeded, second.Error);
        server.Requests.Count.ShouldBe(8);
    }

    private Sluice.Definition.PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "test.yaml", _engine.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Definition!;
    }
}
