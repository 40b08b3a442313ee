namespace Sluice.Cli;

/// <summary>A user-facing error: printed as one message (no stack trace) with its exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Invalid) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
