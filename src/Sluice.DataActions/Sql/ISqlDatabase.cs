namespace Sluice.DataActions.Sql;

/// <summary>
/// A database server the <c>sql</c> action can run against when a task gives <c>connection:</c> (SQLite files, given
/// as <c>database:</c>, are built in). Implementations are passed to <see cref="SqlAction"/>'s constructor.
/// </summary>
public interface ISqlDatabase
{
    /// <summary>A short name for messages, such as <c>PostgreSQL</c>.</summary>
    string DisplayName { get; }

    /// <summary>True when <paramref name="connection"/> is a connection string of this database.</summary>
    bool Accepts(string connection);

    /// <summary>
    /// Runs the request's statements in one transaction. Failures are thrown as <see cref="Diagnostics.SluiceException"/>
    /// with the task id, the server's message and whether a retry may succeed; messages never hold the password.
    /// </summary>
    Task<SqlOutcome> ExecuteAsync(SqlRequest request, CancellationToken cancellationToken = default);
}
