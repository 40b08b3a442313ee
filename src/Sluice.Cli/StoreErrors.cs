using Microsoft.Data.Sqlite;

namespace Sluice.Cli;

/// <summary>
/// Says in words why a SQLite store could not be opened or written when the cause is the disk or the file system
/// (full, I/O error, cannot open, read-only), so the user sees what to fix instead of <c>SQLite Error 10: 'disk I/O
/// error'</c>. Such a failure is "the state store could not be written" (exit 1), not a usage error.
/// </summary>
internal static class StoreErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CannotOpen = 14;

    /// <summary>What went wrong with the disk or file system, or null when <paramref name="error"/> (or its causes) is something else.</summary>
    public static string? Explain(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && Describe(sqlite.SqliteErrorCode & 0xFF) is { } what)
            {
                return $"{what} (SQLite error {sqlite.SqliteErrorCode})";
            }
        }
        return null;
    }

    /// <summary>The message for a store that <see cref="Explain"/> recognises on open, or null.</summary>
    public static CliException? OnOpen(string target, Exception error) =>
        Explain(error) is { } what
            ? new CliException($"cannot open the state store '{target}': {what}; free space or fix the permissions there, or give --store (or SLUICE_STORE) another path", ExitCodes.RunFailed)
            : null;

    /// <summary>The message for a failed write that <see cref="Explain"/> recognises during a command, or null.</summary>
    public static string? OnWrite(Exception error) =>
        Explain(error) is { } what
            ? $"the state store could not be written: {what}. What was committed before is kept; fix the cause, then 'sluice resume' the run to finish it"
            : null;

    private static string? Describe(int primaryCode) => primaryCode switch
    {
        Full => "the disk is full",
        IoError => "the disk reported an I/O error (often a full disk, or a device that failed or was unmounted)",
        CannotOpen => "the file cannot be opened or created (its folder may be missing, not writable, or not a normal file system)",
        ReadOnly => "the file or its folder is read-only",
        _ => null,
    };
}
