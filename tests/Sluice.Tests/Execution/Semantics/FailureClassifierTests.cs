using Sluice.Actions;
using Sluice.Diagnostics;
using Sluice.Execution.Semantics;

namespace Sluice.Tests.Execution.Semantics;

public sealed class FailureClassifierTests
{
    private static readonly AttemptStop Running = new(false, null, false, null);

    [Fact]
    public void RunFailedException_FailsTheRun_AndIsNotTransient()
    {
        var f = FailureClassifier.Classify(new RunFailedException("quality 0.4 < 0.9"), Running);
        f.ShouldBe(new AttemptFailure(AttemptEnd.Failed, "quality 0.4 < 0.9", Transient: false, FailsRun: true) with { Facts = f.Facts });
        f.Facts!.ErrorClasses.ShouldBe(["RunFailedException", "SluiceException"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SluiceException_KeepsItsOwnTransience(bool transient)
    {
        var f = FailureClassifier.Classify(new SluiceException("x", transient), Running);
        f.End.ShouldBe(AttemptEnd.Failed);
        f.Transient.ShouldBe(transient);
        f.FailsRun.ShouldBeFalse();
    }

    [Fact]
    public void UnclassifiedException_IsTransient_AndNamesItsType()
    {
        var f = FailureClassifier.Classify(new IOException("disk busy"), Running);
        f.ShouldBe(new AttemptFailure(AttemptEnd.Failed, "IOException: disk busy", Transient: true, FailsRun: false) with { Facts = f.Facts });
        f.Facts!.ErrorClasses.ShouldBe(["IOException", "SystemException"]);
    }

    [Fact]
    public void Facts_CarryTheExitCodeAndStatus_AndEveryClassInTheChain()
    {
        var f = FailureClassifier.Classify(new SluiceException("outer", true, new FileNotFoundException("gone")) { ExitCode = 3, HttpStatus = 503 }, Running);
        (f.Facts!.ExitCode, f.Facts.HttpStatus).ShouldBe((3, 503));
        f.Facts.ErrorClasses.ShouldBe(["SluiceException", "FileNotFoundException", "IOException", "SystemException"]);
    }

    [Fact]
    public void Cancellation_WhenTheRunIsCancelled_IsCancelledWithTheReason()
    {
        var f = FailureClassifier.Classify(new OperationCanceledException(), new AttemptStop(true, "by request", false, null));
        f.End.ShouldBe(AttemptEnd.Cancelled);
        f.Error.ShouldBe("cancelled: by request");
        f.Transient.ShouldBeFalse();
    }

    [Fact]
    public void Cancellation_WhenTheEngineStopsWithoutACancel_IsAbandoned()
    {
        FailureClassifier.Classify(new OperationCanceledException(), new AttemptStop(true, null, false, null)).End.ShouldBe(AttemptEnd.Abandoned);
    }

    [Fact]
    public void Cancellation_ByTheTasksTimeout_IsATransientFailure()
    {
        var f = FailureClassifier.Classify(new TaskCanceledException(), new AttemptStop(false, null, true, TimeSpan.FromSeconds(30)));
        f.ShouldBe(new AttemptFailure(AttemptEnd.Failed, "timed out after 30s", Transient: true, FailsRun: false) with { Facts = f.Facts });
        f.Facts!.ErrorClasses.ShouldBe(["timeout"]);
    }

    [Fact]
    public void EngineStop_WinsOverTimeout()
    {
        FailureClassifier.Classify(new OperationCanceledException(), new AttemptStop(true, "stop", true, TimeSpan.FromSeconds(1))).End.ShouldBe(AttemptEnd.Cancelled);
    }

    [Fact]
    public void Cancellation_NobodyAskedFor_IsAnOrdinaryTransientFailure()
    {
        // An action's own HTTP timeout surfaces as TaskCanceledException: neither the engine nor the task's timeout fired.
        var f = FailureClassifier.Classify(new TaskCanceledException("HttpClient.Timeout"), Running);
        f.End.ShouldBe(AttemptEnd.Failed);
        f.Transient.ShouldBeTrue();
    }
}
