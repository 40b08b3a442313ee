using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Server.Telemetry;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Telemetry;

public sealed class TracingTests
{
    /// <summary>
    /// <code>
    /// run failing
    ///  ├─ task ok    (succeeded)
    ///  └─ task boom  (failed, error)     never: upstream_failed, no span (it never ran)
    /// </code>
    /// </summary>
    [Fact]
    public async Task Run_EmitsARunSpanWithChildTaskSpans_TaggedWithStateAndError()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = static s => s.Name == SluiceTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });

        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);
        var spans = stopped.Where(a => (a.GetTagItem(SluiceTelemetry.RunId) as string) == runId).ToList();

        var run = spans.Single(static a => a.DisplayName == "run failing");
        run.Parent.ShouldBeNull();
        run.ParentSpanId.ShouldBe(default);
        run.GetTagItem(SluiceTelemetry.Pipeline).ShouldBe("failing");
        run.GetTagItem(SluiceTelemetry.State).ShouldBe("failed");
        run.Status.ShouldBe(ActivityStatusCode.Error);
        var tasks = spans.Where(static a => a.DisplayName.StartsWith("task ", StringComparison.Ordinal)).ToDictionary(static a => (string)a.GetTagItem(SluiceTelemetry.TaskId)!);
        tasks.Keys.Order(StringComparer.Ordinal).ShouldBe(["boom", "ok"]);
        foreach (var t in tasks.Values)
        {
            t.TraceId.ShouldBe(run.TraceId);
            t.ParentSpanId.ShouldBe(run.SpanId);
            t.GetTagItem(SluiceTelemetry.Attempt).ShouldBe(1);
            t.GetTagItem(SluiceTelemetry.MapIndex).ShouldBe(-1);
        }
        tasks["ok"].GetTagItem(SluiceTelemetry.State).ShouldBe("succeeded");
        tasks["ok"].Status.ShouldBe(ActivityStatusCode.Ok);
        tasks["boom"].GetTagItem(SluiceTelemetry.State).ShouldBe("failed");
        tasks["boom"].Status.ShouldBe(ActivityStatusCode.Error);
        ((string)tasks["boom"].GetTagItem(SluiceTelemetry.Error)!).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task MappedTask_ItemSpansAreChildrenOfTheRunTrace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = static s => s.Name == SluiceTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        const string pipeline = """
            id: fan
            tasks:
              - id: each
                action: noop
                for_each: "{{ [1, 2, 3] }}"
                parameters: {value: "{{ item }}"}
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["fan.yaml"] = pipeline });

        var runId = await server.StartRunAsync("fan");
        await server.WaitForRunAsync(runId);
        var spans = stopped.Where(a => (a.GetTagItem(SluiceTelemetry.RunId) as string) == runId).ToList();

        var run = spans.Single(static a => a.DisplayName == "run fan");
        var items = spans.Where(static a => a.GetTagItem(SluiceTelemetry.MapIndex) is int i && i >= 0).ToList();
        items.Select(static a => (int)a.GetTagItem(SluiceTelemetry.MapIndex)!).Order().ShouldBe([0, 1, 2]);
        items.ShouldAllBe(a => a.TraceId == run.TraceId && a.GetTagItem(SluiceTelemetry.State) as string == "succeeded");
        var ids = spans.Select(static a => a.SpanId).ToHashSet();
        items.ShouldAllBe(a => ids.Contains(a.ParentSpanId)); // under the run, or under the mapped task's own span
    }
}
