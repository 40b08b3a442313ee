using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

public sealed class ConcurrencyKeyTests
{
    /// <summary>Each run waits for the flag file of its customer, so the test decides when a run may end.</summary>
    private static string PerCustomer(string root) => $$$"""
        id: per_customer
        inputs: {customer: {type: string, required: true}}
        concurrency: {key: "{{ inputs.customer }}", limit: 1}
        tasks:
          - id: wait_for_flag
            action: shell
            parameters: {command: "while [ ! -f '{{{root}}}/{{ inputs.customer }}.flag' ]; do sleep 0.1; done; echo flag arrived"}
        """;

    [Fact]
    public async Task RunsWithTheSameKey_NeverOverlap_WhileAnotherKeyRunsAtOnce()
    {
        await using var server = await ServerHarness.StartAsync();
        server.WritePipeline("per_customer.yaml", PerCustomer(server.Root));
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("per_customer", new { customer = "acme" });
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first acme run to start");

        var second = await server.StartRunAsync("per_customer", new { customer = "acme" });
        var other = await server.StartRunAsync("per_customer", new { customer = "globex" });
        // The globex run starts while the first acme run still waits for its flag (the server executes 4 runs at once).
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(other) ? true : null, 30, "the globex run to start beside the acme run");
        server.IsExecuting(first).ShouldBeTrue();

        var held = await server.GetJsonAsync($"api/runs/{second}");
        held.GetProperty("state").GetString().ShouldBe("queued");
        held.GetProperty("waiting_for").GetString().ShouldBe($"waiting: concurrency limit 1 for key 'acme' reached by run {first}");
        server.IsExecuting(second).ShouldBeFalse();

        await File.WriteAllTextAsync(Path.Combine(server.Root, "acme.flag"), "x");
        var firstDone = await server.WaitForRunAsync(first);
        var secondDone = await server.WaitForRunAsync(second);
        firstDone.GetProperty("state").GetString().ShouldBe("succeeded");
        secondDone.GetProperty("state").GetString().ShouldBe("succeeded");
        // Never overlapping: the second acme run started only after the first one ended.
        secondDone.GetProperty("started_at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(firstDone.GetProperty("ended_at").GetDateTimeOffset());

        await File.WriteAllTextAsync(Path.Combine(server.Root, "globex.flag"), "x");
        (await server.WaitForRunAsync(other)).GetProperty("state").GetString().ShouldBe("succeeded");
    }
}
