using System.Globalization;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;

namespace Sluice.Execution.Semantics;

/// <summary>
/// The one seam where an exception thrown by an attempt becomes an outcome (as Polly's <c>Outcome</c>): cancelled,
/// abandoned, failed, transient or not, failing the run or not. Every engine classifies through it, so a failure means
/// the same on one machine and on many workers.
/// </summary>
internal static class FailureClassifier
{
    /// <summary>Classifies what an attempt threw.</summary>
    /// <remarks>
    /// An engine stop wins over everything (the attempt is over either way); then the task's own timeout (transient);
    /// then <see cref="RunFailedException"/> (fails the run, not retried); then <see cref="SluiceException.IsTransient"/>.
    /// Anything else (an action's bug or an I/O error Sluice did not wrap) is transient: retrying is the safe default for
    /// an error nobody classified. Components with their own error types (the data engine) translate them into
    /// <see cref="SluiceException"/> at their boundary.
    /// </remarks>
    public static AttemptFailure Classify(Exception exception, AttemptStop stop)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException && stop.Stopped)
        {
            return stop.CancelReason is { } reason
                ? new AttemptFailure(AttemptEnd.Cancelled, "cancelled: " + reason, Transient: false, FailsRun: false)
                : new AttemptFailure(AttemptEnd.Abandoned, "the worker stopped", Transient: false, FailsRun: false);
        }
        if (exception is OperationCanceledException && stop.TimedOut)
        {
            var after = stop.Timeout is { } t ? " after " + DurationParser.Format(t) : "";
            return new AttemptFailure(AttemptEnd.Failed, "timed out" + after, Transient: true, FailsRun: false, new FailureFacts(null, null, [RetryRule.Timeout]));
        }
        var facts = Facts(exception);
        return exception switch
        {
            RunFailedException e => new AttemptFailure(AttemptEnd.Failed, e.Message, Transient: false, FailsRun: true, facts),
            SluiceException e => new AttemptFailure(AttemptEnd.Failed, e.Message, e.IsTransient, FailsRun: false, facts),
            _ => new AttemptFailure(AttemptEnd.Failed, string.Create(CultureInfo.InvariantCulture, $"{exception.GetType().Name}: {exception.Message}"), Transient: true, FailsRun: false, facts),
        };
    }

    /// <summary>The exit code and HTTP status the failure carries (the outermost that says), and every exception type name in its chain.</summary>
    private static FailureFacts Facts(Exception exception)
    {
        int? exitCode = null, status = null;
        var classes = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SluiceException s)
            {
                exitCode ??= s.ExitCode;
                status ??= s.HttpStatus;
            }
            if (e is System.Net.Http.HttpRequestException { StatusCode: { } code })
            {
                status ??= (int)code;
            }
            for (var t = e.GetType(); t is not null && t != typeof(Exception) && t != typeof(object); t = t.BaseType)
            {
                if (!classes.Contains(t.Name, StringComparer.Ordinal))
                {
                    classes.Add(t.Name);
                }
            }
        }
        return new FailureFacts(exitCode, status, classes);
    }
}
