namespace Sluice.Definition;

/// <summary>What is known about a failed attempt that <see cref="RetryRule"/>s can name.</summary>
/// <param name="ExitCode">The exit code of a command, when the failure is one.</param>
/// <param name="HttpStatus">The HTTP status of a response, when the failure is one.</param>
/// <param name="ErrorClasses">Names of the exception types in the failure's chain (each type and its base types, inner
/// exceptions included), and <see cref="RetryRule.Timeout"/> for an attempt stopped by its timeout.</param>
public sealed record FailureFacts(int? ExitCode, int? HttpStatus, IReadOnlyList<string> ErrorClasses)
{
    /// <summary>Nothing known.</summary>
    public static FailureFacts None { get; } = new(null, null, []);
}
