namespace Sluice.Cli;

/// <summary>Process exit codes of <c>sluice</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The run (or command) succeeded.</summary>
    public const int Success = 0;

    /// <summary>The run failed (a task failed), or a looked-up run failed.</summary>
    public const int RunFailed = 1;

    /// <summary>The definition is invalid or the command line is wrong.</summary>
    public const int Invalid = 2;

    /// <summary>Interrupted by Ctrl-C or SIGTERM (the run is recorded as cancelled).</summary>
    public const int Interrupted = 130;
}
