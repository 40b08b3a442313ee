using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary><c>retry_on</c> and <c>no_retry_on</c>: which failures retry, by exit code, HTTP status and error class.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task NoRetryOn_AnExitCode_FailsAtOnce_WhileOtherCodesStillRetry()
    {
        var p = Load("""
            id: exit_rules
            defaults: {retries: 3, retry_delay: 10ms, no_retry_on: {exit_codes: [2]}}
            tasks:
              - id: usage_error
                action: shell
                parameters: {command: "exit 2"}
              - id: busy
                action: shell
                parameters: {command: "exit 3"}
            """);

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Failed);
        run.AttemptsOf("usage_error").Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.Failed)]);
        run.AttemptsOf("busy").Count.ShouldBe(4);
        run.Row("busy").State.ShouldBe(TaskState.Failed);
    }

    [Fact]
    public async Task RetryOn_RetriesOnlyTheFailuresItNames_AlsoPermanentOnes()
    {
        // 409 is permanent to Sluice (a client error), an IOException transient; retry_on turns both around.
        var conflict = Register("conflict", (_, _) => throw new SluiceException("409 Conflict: locked") { HttpStatus = 409 });
        var io = Register("io", (_, _) => throw new IOException("disk hiccup"));
        var p = Load("""
            id: status_rules
            tasks:
              - id: locked
                action: conflict
                retries: 2
                retry_delay: 10ms
                retry_on: {http_statuses: [409, 5xx]}
              - id: disk
                action: io
                retries: 2
                retry_delay: 10ms
                retry_on: {http_statuses: [409]}
            """);

        var run = await Engine.RunAsync(p);

        conflict.CallsFor("locked").ShouldBe(3);
        run.AttemptsOf("locked").Select(a => a.State).ShouldBe([TaskState.UpForRetry, TaskState.UpForRetry, TaskState.Failed]);
        io.CallsFor("disk").ShouldBe(1);
        run.Row("disk").State.ShouldBe(TaskState.Failed);
    }

    [Fact]
    public async Task ErrorClasses_MatchAnyTypeInTheChain_AndNoRetryOnWinsOverRetryOn()
    {
        var nested = Register("nested", (_, _) => throw new SluiceException("load failed", isTransient: false, new FileNotFoundException("gone")));
        var both = Register("both", (_, _) => throw new SluiceException("busy", isTransient: true) { HttpStatus = 503 });
        var p = Load("""
            id: class_rules
            defaults: {retries: 1, retry_delay: 10ms}
            tasks:
              - id: by_base_class
                action: nested
                retry_on: {errors: [ioexception]}
              - id: refused
                action: both
                retry_on: {http_statuses: [5xx]}
                no_retry_on: {errors: [SluiceException]}
            """);

        var run = await Engine.RunAsync(p);

        // FileNotFoundException derives from IOException: the inner exception's base class matches.
        nested.CallsFor("by_base_class").ShouldBe(2);
        both.CallsFor("refused").ShouldBe(1);
        run.State.ShouldBe(RunState.Failed);
    }
}
