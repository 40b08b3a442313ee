using Sluice.Definition;

namespace Sluice.Execution.Semantics;

/// <summary>Whether a failed attempt runs again, and after how long: the same rule for every engine.</summary>
internal static class RetryDecision
{
    /// <summary>
    /// The delay before the next attempt, or null when the failure is final: only a retryable failure (transient, or as
    /// the task's <c>retry_on</c>/<c>no_retry_on</c> say: <see cref="TaskPolicy.Retryable"/>) of a run that is not
    /// stopping is retried, and only while <paramref name="countedAttempt"/> (attempts that ran to an outcome; a worker
    /// that died mid-attempt does not count) is within the task's <c>retries</c>.
    /// </summary>
    public static TimeSpan? Decide(TaskPolicy policy, AttemptFailure failure, int countedAttempt, bool runStopping, Random jitter)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (failure.End != AttemptEnd.Failed || failure.FailsRun || runStopping || countedAttempt > (policy.Retries ?? 0)
            || !policy.Retryable(failure.Transient, failure.Facts ?? FailureFacts.None))
        {
            return null;
        }
        return BackoffCalculator.Delay(policy, countedAttempt, jitter);
    }
}
