using Microsoft.Data.Sqlite;
using Sluice.Diagnostics;
using Sluice.Files;
using SQLitePCL;

namespace Sluice.DataActions.Sql;

/// <summary>
/// Keeps a query of the <c>sql</c> action inside the allowed folders: <c>ATTACH</c> may name only files the policy
/// allows for writing, since SQLite creates and writes them. (<c>VACUUM INTO</c> cannot run: the action's statements
/// run in a transaction.)
/// </summary>
internal sealed class SqliteFileGuard(PathPolicy files)
{
    /// <summary>Installs the check on <paramref name="connection"/>; the returned guard says why an <c>ATTACH</c> was refused.</summary>
    public static SqliteFileGuard? Confine(SqliteConnection connection, PathPolicy files)
    {
        if (!files.IsConfined)
        {
            return null;
        }
        var state = new SqliteFileGuard(files);
        raw.sqlite3_set_authorizer(connection.Handle, static (userData, action, first, _, _, _) =>
        {
            if (action != raw.SQLITE_ATTACH)
            {
                return raw.SQLITE_OK;
            }
            var refusal = (SqliteFileGuard)userData;
            var file = first.utf8_to_string();
            // SQLite names the file to the authorizer only when it is a literal; an expression or a parameter could
            // name any file, so it is refused.
            if (file is null)
            {
                refusal.Message = "query: ATTACH needs the file name as a string literal while files are confined (an expression or a parameter is refused)";
                return raw.SQLITE_DENY;
            }
            // An empty name or :memory: is a private temporary database, never a file someone else reads.
            if (file.Length == 0 || file == ":memory:" || file.StartsWith("file::memory:", StringComparison.Ordinal))
            {
                return raw.SQLITE_OK;
            }
            try
            {
                refusal.Files.CheckWrite(file.StartsWith("file:", StringComparison.Ordinal) ? file[5..].Split('?')[0] : file, "query: ATTACH");
                return raw.SQLITE_OK;
            }
            catch (SluiceException ex)
            {
                refusal.Message = ex.Message;
                return raw.SQLITE_DENY;
            }
        }, state);
        return state;
    }

    private PathPolicy Files { get; } = files;

    /// <summary>Why the last <c>ATTACH</c> was refused, or null.</summary>
    public string? Message { get; private set; }
}
