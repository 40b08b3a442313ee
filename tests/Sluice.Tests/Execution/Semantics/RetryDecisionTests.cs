using Sluice.Definition;
using Sluice.Execution.Semantics;

namespace Sluice.Tests.Execution.Semantics;

public sealed class RetryDecisionTests
{
    private static readonly TaskPolicy TwoRetries = new TaskPolicy(2, TimeSpan.FromSeconds(1), BackoffKind.Constant, TimeSpan.FromMinutes(1), null).Over(TaskPolicy.BuiltIn);
    private static readonly AttemptFailure Transient = new(AttemptEnd.Failed, "e", Transient: true, FailsRun: false);

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void TransientFailure_RetriesWhileAttemptsAreWithinRetries(int attempt, bool retried)
    {
        RetryDecision.Decide(TwoRetries, Transient, attempt, runStopping: false, new Random(1)).HasValue.ShouldBe(retried);
    }

    [Fact]
    public void ConstantBackoff_WaitsTheRetryDelay()
    {
        RetryDecision.Decide(TwoRetries, Transient, 1, runStopping: false, new Random(1)).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void PermanentFailure_IsNeverRetried()
    {
        RetryDecision.Decide(TwoRetries, Transient with { Transient = false }, 1, runStopping: false, new Random(1)).ShouldBeNull();
    }

    [Fact]
    public void FailureThatFailsTheRun_IsNeverRetried()
    {
        RetryDecision.Decide(TwoRetries, Transient with { FailsRun = true }, 1, runStopping: false, new Random(1)).ShouldBeNull();
    }

    [Fact]
    public void NothingIsRetried_InARunThatIsStopping()
    {
        RetryDecision.Decide(TwoRetries, Transient, 1, runStopping: true, new Random(1)).ShouldBeNull();
    }

    [Fact]
    public void CancelledOrAbandonedAttempts_AreNotRetriedByThisRule()
    {
        RetryDecision.Decide(TwoRetries, Transient with { End = AttemptEnd.Cancelled }, 1, runStopping: false, new Random(1)).ShouldBeNull();
        RetryDecision.Decide(TwoRetries, Transient with { End = AttemptEnd.Abandoned }, 1, runStopping: false, new Random(1)).ShouldBeNull();
    }
}
