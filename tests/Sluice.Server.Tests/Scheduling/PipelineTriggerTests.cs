using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Scheduling;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Scheduling;

public sealed class PipelineTriggerTests
{
    private static string After(string id, string upstream, string on) => $$"""
        id: {{id}}
        triggers:
          - {type: pipeline, pipeline: {{upstream}}{{on}}}
        tasks:
          - id: follow
            action: noop
        """;

    /// <summary>
    /// <code>
    /// hello (succeeds) ──success──► after_hello
    /// failing (fails)  ──failure──► on_failure
    ///                  ──success──► on_success   (never)
    /// </code>
    /// </summary>
    [Fact]
    public async Task PipelineTrigger_UpstreamEnds_StartsOnlyDownstreamsWhoseOnMatches()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["hello.yaml"] = Pipelines.Hello,
            ["failing.yaml"] = Pipelines.Failing,
            ["after_hello.yaml"] = After("after_hello", "hello", ""),
            ["on_failure.yaml"] = After("on_failure", "failing", ", \"on\": [failure]"),
            ["on_success.yaml"] = After("on_success", "failing", ", \"on\": success"),
        });
        var hello = await server.StartRunAsync("hello");
        var failing = await server.StartRunAsync("failing");

        var afterHello = await ScheduleClock.WaitForFinishedRunsAsync(server, "after_hello", 1);
        var onFailure = await ScheduleClock.WaitForFinishedRunsAsync(server, "on_failure", 1);
        // hello, failing, after_hello and on_failure have all been looked at once their downstream runs ended.
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(server.Services.GetRequiredService<PipelineTriggerHost>().Handled >= 4 ? true : null), 30, "trigger handling");

        afterHello[0].GetProperty("run_id").GetString().ShouldBe("after_hello@after-hello@" + hello);
        afterHello[0].GetProperty("trigger").GetString().ShouldBe("pipeline");
        onFailure[0].GetProperty("run_id").GetString().ShouldBe("on_failure@after-failing@" + failing);
        (await server.RunsOfAsync("on_success")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PipelineTrigger_Cycle_StopsWhenThePipelineAlreadyRanInTheChain()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["ping.yaml"] = After("ping", "pong", ""),
            ["pong.yaml"] = After("pong", "ping", ""),
        });
        var ping = await server.StartRunAsync("ping");

        await ScheduleClock.WaitForFinishedRunsAsync(server, "pong", 1);
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(server.Services.GetRequiredService<PipelineTriggerHost>().Handled >= 2 ? true : null), 30, "trigger handling");

        ScheduleClock.Ids(await server.RunsOfAsync("pong")).ShouldBe(["pong@after-ping@" + ping]);
        ScheduleClock.Ids(await server.RunsOfAsync("ping")).ShouldBe([ping]);
    }
}
