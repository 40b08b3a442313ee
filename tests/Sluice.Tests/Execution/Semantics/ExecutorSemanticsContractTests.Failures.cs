using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>Retries, timeouts, what is not retried, and failing the whole run.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task TransientFailure_IsRetried_UntilItSucceeds_RecordingEveryAttempt()
    {
        var calls = 0;
        Register("flaky", (_, _) => Interlocked.Increment(ref calls) < 3 ? throw new IOException("disk hiccup") : NoOutputs());
        var task = T("f", "flaky") with { Policy = new TaskPolicy(Retries: 3, RetryDelay: TimeSpan.FromMilliseconds(10), Backoff: BackoffKind.Exponential) };

        var run = await Engine.RunAsync(Pipeline(task));

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        run.AttemptsOf("f").Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.Succeeded)]);
        run.AttemptsOf("f")[0].Error.ShouldBe("IOException: disk hiccup");
        run.Row("f").Attempt.ShouldBe(3);
    }

    [Fact]
    public async Task TransientFailure_BeyondItsRetries_FailsTheTask()
    {
        var action = Register("flaky", (_, _) => throw new SluiceException("still busy", isTransient: true));

        var run = await Engine.RunAsync(Pipeline(T("f", "flaky") with { Policy = new TaskPolicy(Retries: 2, RetryDelay: TimeSpan.FromMilliseconds(10)) }));

        run.State.ShouldBe(RunState.Failed);
        run.Error.ShouldBe("task 'f' failed: still busy");
        action.CallsFor("f").ShouldBe(3);
        run.AttemptsOf("f").Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.Failed)]);
    }

    [Fact]
    public async Task PermanentFailure_IsNotRetried()
    {
        var action = Register("perm", (_, _) => throw new SluiceException("bad parameter", isTransient: false));

        var run = await Engine.RunAsync(Pipeline(T("p", "perm") with { Policy = new TaskPolicy(Retries: 5, RetryDelay: TimeSpan.FromMilliseconds(10)) }));

        run.Tasks["p"].ShouldBe(TaskState.Failed);
        action.CallsFor("p").ShouldBe(1);
        run.AttemptsOf("p").Select(a => (a.Attempt, a.State, a.Error)).ShouldBe([(1, TaskState.Failed, "bad parameter")]);
    }

    [Fact]
    public async Task BadData_FromTheDataEngine_IsNotRetried()
    {
        // The second row, 'abc', does not convert to the column's type (int64, from the first row).
        var database = Path.Combine(Engine.Dir.Path, "bad.db");
        var p = Load($$$"""
            id: bad_data
            tasks:
              - id: p
                action: sql
                parameters: {database: "{{{database}}}", query: "SELECT 1 AS v UNION ALL SELECT 'abc'"}
                retries: 5
                retry_delay: 10ms
            """);

        var run = await Engine.RunAsync(p);

        run.Tasks["p"].ShouldBe(TaskState.Failed);
        run.AttemptsOf("p").ShouldHaveSingleItem();
        run.Row("p").Error.ShouldNotBeNull().ShouldContain("row 2, column 'v': 'abc' does not convert to int64");
    }

    [Fact]
    public async Task Timeout_CancelsTheAttempt_AndRetriesIt()
    {
        var action = Register("hang", async (ctx, ct) =>
        {
            if (ctx.Attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return null;
        });
        var task = T("h", "hang") with { Policy = new TaskPolicy(Retries: 1, RetryDelay: TimeSpan.Zero, Timeout: TimeSpan.FromMilliseconds(300)) };

        var run = await Engine.RunAsync(Pipeline(task));

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        action.CallsFor("h").ShouldBe(2);
        var attempts = run.AttemptsOf("h");
        attempts.Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.Succeeded)]);
        attempts[0].Error.ShouldBe("timed out after 300ms");
    }

    [Fact]
    public async Task RunFailedException_FailsTheRun_CancelsRunningTasks_AndStartsNothingElse()
    {
        //  gate (throws RunFailedException) → after
        //  slow (running when the gate fails) → independent_later
        var slowStarted = new TaskCompletionSource();
        Register("gate", async (_, ct) =>
        {
            await slowStarted.Task.WaitAsync(ct);
            throw new RunFailedException("quality below 0.9");
        });
        Register("slow", async (_, ct) =>
        {
            slowStarted.TrySetResult();
            // Long enough to be running when the gate fails; bounded so an engine that does not stop it fails fast.
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return null;
        });
        var ok = Register("ok", (_, _) => NoOutputs());

        var gate = T("gate", "gate") with { Policy = new TaskPolicy(Retries: 3, RetryDelay: TimeSpan.FromMilliseconds(10)) };

        var run = await Engine.RunAsync(Pipeline(gate, T("after", "ok", "gate"), T("slow", "slow"), T("independent_later", "ok", "slow")));

        run.State.ShouldBe(RunState.Failed);
        run.Error.ShouldBe("task 'gate' failed the run: quality below 0.9");
        run.Tasks["gate"].ShouldBe(TaskState.Failed);
        run.AttemptsOf("gate").ShouldHaveSingleItem("failing the run is never retried");
        run.Tasks["slow"].ShouldBe(TaskState.Cancelled);
        run.Tasks["after"].ShouldBe(TaskState.Cancelled);
        run.Tasks["independent_later"].ShouldBe(TaskState.Cancelled);
        ok.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task QualityGate_OnFailFailRun_FailsTheWholeRun_CancellingWhatRuns()
    {
        //  sync (waits for slow) → ingest (orders.csv) → quality (gate completeness ≥ 0.9, on_fail: fail_run) → after
        //  slow (running when the gate fails) → later
        var csv = Path.Combine(Engine.Dir.Path, "orders.csv");
        await File.WriteAllTextAsync(csv, "id,category\n1,A\n2,\n");
        var slowStarted = new TaskCompletionSource();
        Register("sync", async (_, ct) =>
        {
            await slowStarted.Task.WaitAsync(ct);
            return null;
        });
        Register("slow", async (_, ct) =>
        {
            slowStarted.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return null;
        });
        var p = Load($$$"""
            id: gated
            tasks:
              - {id: sync, action: sync}
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "{{{csv}}}"}
                outputs: [raw_data]
                dependencies: [sync]
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{ ingest.raw_data }}"
                  checks: ["missing_count(category) = 0"]
                  gates: [{metric: completeness, min: 0.9, on_fail: fail_run}]
                retries: 2
                dependencies: [ingest]
              - {id: after, action: noop, dependencies: [quality]}
              - {id: slow, action: slow}
              - {id: later, action: noop, dependencies: [slow]}
            """);

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Failed, run.Row("quality").OutputsJson);
        run.Error.ShouldNotBeNull().ShouldStartWith("task 'quality' failed the run: quality gate failed (fail_run): completeness = 0.5 is below 0.9");
        run.Tasks["quality"].ShouldBe(TaskState.Failed);
        run.AttemptsOf("quality").ShouldHaveSingleItem();
        run.Tasks["slow"].ShouldBe(TaskState.Cancelled);
        run.Tasks["later"].ShouldBe(TaskState.Cancelled);
        run.Tasks["after"].ShouldBe(TaskState.Cancelled);
    }
}
