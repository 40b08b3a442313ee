using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.State;
using Sluice.Tests.Testing;
using static Sluice.Tests.Execution.ExecutorHarness;

namespace Sluice.Tests.Execution;

public sealed class ExecutorSemanticsTests
{
    private static TestAction Ok(string name = "ok") => new(name, (_, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(null));

    [Fact]
    public async Task Chain_RunsInDependencyOrder_AndRecordsEveryState()
    {
        //  a → b → c
        await using var h = new ExecutorHarness();
        var order = new ConcurrentQueue<string>();
        h.Actions.Register(new TestAction("rec", (ctx, _) =>
        {
            order.Enqueue(ctx.TaskId);
            return Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["v"] = (long)ctx.TaskId.Length });
        }));
        var outcome = await h.RunAsync(Pipeline(T("c", "rec", "b"), T("a", "rec"), T("b", "rec", "a")));

        outcome.State.ShouldBe(RunState.Succeeded);
        order.ShouldBe(["a", "b", "c"]);
        var rows = await h.Store.GetTaskInstancesAsync(outcome.RunId);
        rows.Select(r => (r.TaskId, r.State)).ShouldBe([("a", TaskState.Succeeded), ("b", TaskState.Succeeded), ("c", TaskState.Succeeded)]);
        rows.ShouldAllBe(r => r.OutputsJson != null && r.StartedAt != null && r.EndedAt != null);
        (await h.Store.GetRunAsync(outcome.RunId))!.State.ShouldBe(RunState.Succeeded);
    }

    [Fact]
    public async Task Failure_MarksDownstreamUpstreamFailed_WhileIndependentBranchFinishes()
    {
        //  bad → child → grandchild
        //  good (independent)
        await using var h = new ExecutorHarness();
        h.Actions.Register(Ok());
        h.Actions.Register(new TestAction("bad", (_, _) => throw new SluiceException("boom")));
        var outcome = await h.RunAsync(Pipeline(T("bad", "bad"), T("child", "ok", "bad"), T("grandchild", "ok", "child"), T("good", "ok")));

        outcome.State.ShouldBe(RunState.Failed);
        outcome.Tasks["bad"].ShouldBe(TaskState.Failed);
        outcome.Tasks["child"].ShouldBe(TaskState.UpstreamFailed);
        outcome.Tasks["grandchild"].ShouldBe(TaskState.UpstreamFailed);
        outcome.Tasks["good"].ShouldBe(TaskState.Succeeded);
        outcome.Error.ShouldBe("task 'bad' failed: boom");
        var rows = (await h.Store.GetTaskInstancesAsync(outcome.RunId)).ToDictionary(r => r.TaskId);
        rows["bad"].Error.ShouldBe("boom");
        rows["grandchild"].State.ShouldBe(TaskState.UpstreamFailed);
    }

    [Fact]
    public async Task TransientFailure_RetriesWithBackoff_OnTheFakeClock()
    {
        await using var h = new ExecutorHarness();
        var calls = 0;
        h.Actions.Register(new TestAction("flaky", (_, _) =>
            Interlocked.Increment(ref calls) < 3 ? throw new IOException("disk hiccup") : Task.FromResult<IReadOnlyDictionary<string, object?>?>(null)));
        var task = T("f", "flaky") with { Policy = new TaskPolicy(Retries: 3, RetryDelay: TimeSpan.FromSeconds(10), Backoff: BackoffKind.Exponential, MaxRetryDelay: TimeSpan.FromMinutes(1)) };
        var run = h.RunAsync(Pipeline(task));

        // Two timers on the fake clock once a retry is pending: the run's lease renewal and the retry delay.
        // Advancing before the retry timer exists would leave it waiting forever, so wait for it first.
        await TestAction.WaitUntilAsync(() => Volatile.Read(ref calls) == 1 && h.Clock.PendingTimers >= 2);
        await Task.Delay(50);
        run.IsCompleted.ShouldBeFalse("the retry waits for the clock");
        h.Clock.Advance(TimeSpan.FromSeconds(10));  // first retry: up to 10s
        await TestAction.WaitUntilAsync(() => Volatile.Read(ref calls) == 2 && h.Clock.PendingTimers >= 2);
        h.Clock.Advance(TimeSpan.FromSeconds(20));  // second retry: up to 20s
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(15));

        outcome.State.ShouldBe(RunState.Succeeded);
        var attempts = await h.Store.GetAttemptsAsync(outcome.RunId, "f");
        attempts.Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.Succeeded)]);
        attempts[0].Error.ShouldBe("IOException: disk hiccup");
    }

    [Fact]
    public async Task PermanentFailure_DoesNotRetry()
    {
        await using var h = new ExecutorHarness();
        var action = new TestAction("perm", (_, _) => throw new SluiceException("bad parameter", isTransient: false));
        h.Actions.Register(action);
        var outcome = await h.RunAsync(Pipeline(T("p", "perm") with { Policy = new TaskPolicy(Retries: 5) }));
        outcome.Tasks["p"].ShouldBe(TaskState.Failed);
        action.CallsFor("p").ShouldBe(1);
    }

    [Fact]
    public async Task Timeout_CancelsTheAttempt_AndRetriesIt()
    {
        await using var h = new ExecutorHarness();
        var action = new TestAction("hang", async (ctx, ct) =>
        {
            if (ctx.Attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return null;
        });
        h.Actions.Register(action);
        var task = T("h", "hang") with { Policy = new TaskPolicy(Retries: 1, RetryDelay: TimeSpan.Zero, Timeout: TimeSpan.FromSeconds(30)) };
        var run = h.RunAsync(Pipeline(task));
        await TestAction.WaitUntilAsync(() => action.CallsFor("h") == 1);
        await Task.Delay(50);
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(15));

        outcome.State.ShouldBe(RunState.Succeeded);
        var attempts = await h.Store.GetAttemptsAsync(outcome.RunId, "h");
        attempts[0].State.ShouldBe(TaskState.UpForRetry);
        attempts[0].Error.ShouldBe("timed out after 30s");
        attempts[1].State.ShouldBe(TaskState.Succeeded);
    }

    [Fact]
    public async Task Cancellation_StopsRunningTasks_AndRecordsCancelled()
    {
        //  slow → after
        await using var h = new ExecutorHarness();
        h.Actions.Register(Ok());
        var started = new TaskCompletionSource();
        h.Actions.Register(new TestAction("slow", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        using var cts = new CancellationTokenSource();
        var run = h.RunAsync(Pipeline(T("slow", "slow"), T("after", "ok", "slow")), cancellationToken: cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await cts.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(15));

        outcome.State.ShouldBe(RunState.Cancelled);
        outcome.Tasks["slow"].ShouldBe(TaskState.Cancelled);
        outcome.Tasks["after"].ShouldBe(TaskState.Cancelled);
        var run2 = await h.Store.GetRunAsync(outcome.RunId);
        run2!.State.ShouldBe(RunState.Cancelled);
        run2.Error.ShouldBe("cancelled by request");
        (await h.Store.GetAttemptsAsync(outcome.RunId, "slow")).ShouldHaveSingleItem().State.ShouldBe(TaskState.Cancelled);
    }

    [Fact]
    public async Task Resume_RerunsOnlyFailedAndUnfinishedTasks_KeepingOutputs()
    {
        //  a → b → c
        await using var h = new ExecutorHarness();
        var failB = true;
        var action = new TestAction("step", (ctx, _) =>
        {
            if (ctx.TaskId == "b" && failB)
            {
                throw new SluiceException("b broke");
            }
            return Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["who"] = ctx.TaskId });
        });
        h.Actions.Register(action);
        var p = Pipeline(T("a", "step"), T("b", "step", "a"), T("c", "step", "b"));
        var first = await h.RunAsync(p);
        first.State.ShouldBe(RunState.Failed);

        failB = false;
        var resumed = await h.Executor().ResumeAsync(p, first.RunId);

        resumed.State.ShouldBe(RunState.Succeeded);
        resumed.RunId.ShouldBe(first.RunId);
        action.CallsFor("a").ShouldBe(1);
        action.CallsFor("b").ShouldBe(2);
        action.CallsFor("c").ShouldBe(1);
        var attemptsB = await h.Store.GetAttemptsAsync(first.RunId, "b");
        attemptsB.Select(x => x.Attempt).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Resume_OfSucceededRun_IsRefused()
    {
        await using var h = new ExecutorHarness();
        h.Actions.Register(Ok());
        var p = Pipeline(T("a", "ok"));
        var first = await h.RunAsync(p);
        var ex = await Should.ThrowAsync<SluiceException>(() => h.Executor().ResumeAsync(p, first.RunId));
        ex.Message.ShouldContain("already succeeded");
    }

    [Fact]
    public async Task MaxParallel_One_RunsReadyTasksByPriorityThenDeclarationOrder()
    {
        await using var h = new ExecutorHarness();
        var order = new ConcurrentQueue<string>();
        h.Actions.Register(new TestAction("rec", (ctx, _) =>
        {
            order.Enqueue(ctx.TaskId);
            return Task.FromResult<IReadOnlyDictionary<string, object?>?>(null);
        }));
        var p = Pipeline(T("low", "rec"), T("high", "rec") with { Priority = 10 }, T("mid", "rec") with { Priority = 5 }, T("low2", "rec"));
        await h.RunAsync(p, new Sluice.Execution.ExecutorOptions { MaxParallelTasks = 1 });
        order.ShouldBe(["high", "mid", "low", "low2"]);
    }

    [Fact]
    public async Task Pool_LimitsConcurrency()
    {
        await using var h = new ExecutorHarness();
        var current = 0;
        var peak = 0;
        h.Actions.Register(new TestAction("busy", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref current);
            return null;
        }));
        var tasks = Enumerable.Range(0, 8).Select(i => T($"t{i}", "busy") with { Pool = "db" }).ToArray();
        var outcome = await h.RunAsync(Pipeline(tasks), new Sluice.Execution.ExecutorOptions { Pools = new Dictionary<string, int> { ["db"] = 2 } });
        outcome.State.ShouldBe(RunState.Succeeded);
        peak.ShouldBe(2);
    }

    [Fact]
    public async Task TriggerRules_AllDoneRunsAfterFailure_OneFailedRunsOnlyOnFailure()
    {
        await using var h = new ExecutorHarness();
        var ok = Ok();
        h.Actions.Register(ok);
        h.Actions.Register(new TestAction("bad", (_, _) => throw new SluiceException("x")));
        var p = Pipeline(
            T("bad", "bad"), T("fine", "ok"),
            T("cleanup", "ok", "bad") with { TriggerRule = TriggerRule.AllDone },
            T("alert", "ok", "bad") with { TriggerRule = TriggerRule.OneFailed },
            T("alert_fine", "ok", "fine") with { TriggerRule = TriggerRule.OneFailed });
        var outcome = await h.RunAsync(p);
        outcome.Tasks["cleanup"].ShouldBe(TaskState.Succeeded);
        outcome.Tasks["alert"].ShouldBe(TaskState.Succeeded);
        outcome.Tasks["alert_fine"].ShouldBe(TaskState.Skipped);
    }

    [Fact]
    public async Task GlobalSlots_AreSharedAcrossConcurrentRuns()
    {
        await using var h = new ExecutorHarness();
        var current = 0;
        var peak = 0;
        h.Actions.Register(new TestAction("busy", async (_, ct) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref current));
            await Task.Delay(10, ct);
            Interlocked.Decrement(ref current);
            return null;
        }));
        var options = new Sluice.Execution.ExecutorOptions { GlobalSlots = new Sluice.Execution.TaskSlots(3) };
        var p = Pipeline([.. Enumerable.Range(0, 10).Select(i => T($"t{i}", "busy"))]);
        await h.Store.InitializeAsync();
        var executor = h.Executor(options);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => executor.RunAsync(p, Version(p), new Dictionary<string, object?>())));
        runs.ShouldAllBe(r => r.State == RunState.Succeeded);
        peak.ShouldBe(3);
        options.GlobalSlots.InUse.ShouldBe(0);
    }

    [Fact]
    public async Task SkippedTask_OutputsAreNull_SoConditionalTemplatesPickTheOtherBranch()
    {
        //  features (skipped: enable_ml false) ─┐
        //  anomalies ───────────────────────────┴→ export (data: features.data if inputs.enable_ml else anomalies.data)
        var yaml = """
            id: seed_export_pattern
            inputs:
              enable_ml: {type: bool, default: false}
            tasks:
              - id: anomalies
                action: noop
                parameters: {data: normal-rows}
              - id: features
                action: noop
                condition: inputs.enable_ml
                parameters: {data: feature-rows}
              - id: export
                action: noop
                parameters:
                  data: "{{ features.data if inputs.enable_ml else anomalies.data }}"
                  features_seen: "{{ features.data }}"
                dependencies: [features, anomalies]
            """;
        var p = Sluice.Definition.Yaml.PipelineLoader.Load(yaml, "seed.yaml", Sluice.Actions.BuiltIn.BuiltInActions.CreateRegistry()).Definition!;
        await using var h = new ExecutorHarness();
        var outcome = await h.RunAsync(p);
        outcome.State.ShouldBe(RunState.Succeeded);
        outcome.Tasks["features"].ShouldBe(TaskState.Skipped);
        outcome.Outputs["features"].ShouldBeNull();
        var export = (IReadOnlyDictionary<string, object?>)outcome.Outputs["export"]!;
        export["data"].ShouldBe("normal-rows");
        export["features_seen"].ShouldBeNull();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
