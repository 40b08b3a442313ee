using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.Datasets;

namespace Sluice.DataActions.IO;

/// <summary>
/// A database server whose tables can be sources and targets of the data actions, chosen by the form of a
/// connection string (such as <c>Host=…</c> or <c>postgres://…</c> for PostgreSQL). Implementations live in the
/// packages that bring the database driver and are registered with <see cref="TableProviders.Register"/>.
/// </summary>
public interface ITableProvider
{
    /// <summary>The <see cref="DatasetRef.Format"/> of the handles this provider makes and opens, such as <c>postgres</c>.</summary>
    string Format { get; }

    /// <summary>A short name for messages, such as <c>PostgreSQL</c>.</summary>
    string DisplayName { get; }

    /// <summary>True when <paramref name="connection"/> is a connection string of this provider.</summary>
    bool Accepts(string connection);

    /// <summary>
    /// A source handle for <paramref name="table"/> or <paramref name="query"/> (exactly one is given). The handle is
    /// stored as a task output, so it must not hold a password; its <see cref="DatasetRef.Path"/> names the server,
    /// database and table without one.
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">The connection string is malformed, or not exactly one of table and query is given.</exception>
    DatasetRef Reference(string connection, string? table, string? query);

    /// <summary>Opens a handle made by <see cref="Reference"/> for streaming; checks that the table and columns exist.</summary>
    /// <param name="dataset">The handle.</param>
    /// <param name="schema">Types for some or all columns that override the database's types, or null.</param>
    /// <param name="columns">The columns to read, in order, or null for all.</param>
    /// <param name="quarantine">Receives rows whose values do not convert, or null.</param>
    /// <exception cref="Data.DataException">The server cannot be reached, the table or a column is missing, or a column's type is not supported.</exception>
    OpenedDataset Open(DatasetRef dataset, Schema? schema, IReadOnlyList<string>? columns, IQuarantineSink? quarantine);

    /// <summary>Writes <paramref name="source"/> into <paramref name="table"/> atomically; returns the rows written and a password-free location.</summary>
    /// <exception cref="Data.DataException">The write failed; nothing was changed. Transient when the server could not be reached.</exception>
    /// <param name="source">The rows.</param>
    /// <param name="connection">The connection string.</param>
    /// <param name="table">The table.</param>
    /// <param name="mode">How an existing table is treated.</param>
    /// <param name="keys">The key columns of <see cref="TableWriteMode.Merge"/>; ignored by the other modes.</param>
    /// <param name="cancellationToken">Stops the write (rolled back).</param>
    Task<(long Rows, string Location)> WriteAsync(IBatchSource source, string connection, string table, TableWriteMode mode, IReadOnlyList<string> keys, CancellationToken cancellationToken = default);
}
