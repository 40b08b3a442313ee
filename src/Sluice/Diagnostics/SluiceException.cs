namespace Sluice.Diagnostics;

/// <summary>The base of every error Sluice raises on purpose.</summary>
/// <remarks>
/// <see cref="IsTransient"/> decides whether a task retries: a transient failure (I/O, network,
/// a timeout, a non-zero exit) is retried by default, a permanent one (bad parameter, bad data
/// under a strict schema, an expression type error) fails the task at once.
/// </remarks>
public class SluiceException : Exception
{
    /// <summary>Creates an error.</summary>
    public SluiceException(string message, bool isTransient = false, Exception? inner = null)
        : base(message, inner) => IsTransient = isTransient;

    /// <summary>Creates a permanent error.</summary>
    public SluiceException() : this("Sluice error") { }

    /// <summary>Creates a permanent error.</summary>
    public SluiceException(string message) : this(message, false) { }

    /// <summary>Creates a permanent error wrapping another.</summary>
    public SluiceException(string message, Exception inner) : this(message, false, inner) { }

    /// <summary>True when retrying may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>The exit code of the command that failed, when the failure is one (<c>retry_on: {exit_codes}</c> names it).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The HTTP status of the response that failed, when the failure is one (<c>retry_on: {http_statuses}</c> names it).</summary>
    public int? HttpStatus { get; init; }
}
