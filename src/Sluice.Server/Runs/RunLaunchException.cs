using Sluice.Diagnostics;

namespace Sluice.Server.Runs;

/// <summary>A run could not be started; <see cref="Problems"/> says why, one entry per problem, keyed by field.</summary>
public sealed class RunLaunchException : SluiceException
{
    /// <summary>Creates the error.</summary>
    public RunLaunchException(RunLaunchFailure failure, string message, IReadOnlyDictionary<string, string[]>? problems = null)
        : base(message)
    {
        Failure = failure;
        Problems = problems ?? new Dictionary<string, string[]>();
    }

    /// <summary>Creates an error of kind <see cref="RunLaunchFailure.NotRunnable"/>.</summary>
    public RunLaunchException() : this(RunLaunchFailure.NotRunnable, "the run cannot start") { }

    /// <summary>Creates an error of kind <see cref="RunLaunchFailure.NotRunnable"/>.</summary>
    public RunLaunchException(string message) : this(RunLaunchFailure.NotRunnable, message) { }

    /// <summary>Creates an error of kind <see cref="RunLaunchFailure.NotRunnable"/> wrapping another.</summary>
    public RunLaunchException(string message, Exception inner) : base(message, inner) => Problems = new Dictionary<string, string[]>();

    /// <summary>What kind of failure.</summary>
    public RunLaunchFailure Failure { get; }

    /// <summary>Problems by field (<c>inputs.region</c>); empty unless inputs were rejected.</summary>
    public IReadOnlyDictionary<string, string[]> Problems { get; }
}
