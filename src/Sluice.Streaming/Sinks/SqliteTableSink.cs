using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// An exactly-once SQLite table sink. The rows since the last checkpoint are kept in memory and carried in the
/// checkpoint itself (<see cref="Save"/>); once the checkpoint is in the store, <see cref="CommitAsync"/> inserts them (append,
/// or upsert by the key) in one transaction that also records the checkpoint's sequence for this task in the table
/// <c>sluice_stream_epochs</c> of the same database. A commit whose sequence the database already holds is skipped, so
/// a resumed task that commits its last checkpoint's rows again (the crash came between the store and the database)
/// writes nothing twice, and rows after the checkpoint, never committed, are replayed from the source.
/// </summary>
internal sealed class SqliteTableSink : IStreamSink
{
    private readonly SinkSpec _spec;
    private readonly TableSinkSpec _table;
    private readonly TableRows _rows;
    private readonly Schema _schema;
    private readonly string _epochKey;
    private readonly string _where;
    private bool _created;

    public SqliteTableSink(SinkSpec spec, Schema input, string where, string epochKey)
    {
        _spec = spec;
        _table = spec.Table!;
        _where = where;
        _epochKey = epochKey;
        _rows = new TableRows(spec, input, where, Value);
        _schema = _rows.Schema;
    }

    public long Rows { get; private set; }

    public void Write(RecordBatch batch, long sequence)
    {
        _rows.Add(batch);
        Rows += batch.RowCount;
    }

    /// <summary>The rows travel in the checkpoint: nothing to do before it.</summary>
    public void Prepare(long sequence)
    {
    }

    public void Save(StateWriter writer) => _rows.Save(writer);

    public void Load(StateReader reader) => _rows.Load(reader);

    public ValueTask CommitAsync(long sequence, CancellationToken cancellationToken)
    {
        Commit(sequence);
        return ValueTask.CompletedTask;
    }

    private void Commit(long sequence)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _spec.Path, Pooling = false, DefaultTimeout = 60 }.ToString());
            connection.Open();
            using var tx = connection.BeginTransaction();
            Create(connection, tx);
            using (var read = Command(connection, tx, "SELECT seq FROM sluice_stream_epochs WHERE sink = $k"))
            {
                read.Parameters.AddWithValue("$k", _epochKey);
                if (read.ExecuteScalar() is long committed && committed >= sequence)
                {
                    _rows.Clear();
                    return;
                }
            }

            var columns = string.Join(", ", _schema.Fields.Select(static f => Quote(f.Name)));
            var upsert = _table.Key.Count == 0 ? "" : $" ON CONFLICT ({string.Join(", ", _table.Key.Select(Quote))}) DO UPDATE SET {string.Join(", ", _schema.Fields.Select(static f => $"{Quote(f.Name)} = excluded.{Quote(f.Name)}"))}";
            using (var insert = Command(connection, tx, $"INSERT INTO {Quote(_table.Table)} ({columns}) VALUES ({string.Join(", ", _schema.Fields.Select(static (_, i) => "$p" + i))}){upsert}"))
            {
                var parameters = _schema.Fields.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
                foreach (var row in _rows.Pending)
                {
                    for (var c = 0; c < parameters.Length; c++)
                    {
                        parameters[c].Value = row[c] ?? DBNull.Value;
                    }

                    insert.ExecuteNonQuery();
                }
            }

            using (var epoch = Command(connection, tx, "INSERT INTO sluice_stream_epochs (sink, seq) VALUES ($k, $s) ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq"))
            {
                epoch.Parameters.AddWithValue("$k", _epochKey);
                epoch.Parameters.AddWithValue("$s", sequence);
                epoch.ExecuteNonQuery();
            }

            tx.Commit();
            _rows.Clear();
        }
        catch (SqliteException ex)
        {
            throw new SluiceException($"{_where}: cannot write table '{_table.Table}' of '{_spec.Path}': {ex.Message}", isTransient: ex.SqliteErrorCode is 5 or 6, ex);
        }
    }

    /// <summary>Nothing is written before a checkpoint commits, so there is nothing to undo: the runner then loads the checkpoint's rows and commits them again (skipped when the database already has them).</summary>
    public void Restore(long committed, long rows) => Rows = rows;

    public Task FinishAsync(bool resumed, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Holds no connection between commits.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Create(SqliteConnection connection, SqliteTransaction tx)
    {
        if (_created)
        {
            return;
        }

        using (var epochs = Command(connection, tx, "CREATE TABLE IF NOT EXISTS sluice_stream_epochs (sink TEXT PRIMARY KEY, seq INTEGER NOT NULL)"))
        {
            epochs.ExecuteNonQuery();
        }

        using (var table = Command(connection, tx, $"CREATE TABLE IF NOT EXISTS {Quote(_table.Table)} ({string.Join(", ", _schema.Fields.Select(static f => $"{Quote(f.Name)} {Declared(f.Type)}"))})"))
        {
            table.ExecuteNonQuery();
        }

        if (_table.Key.Count > 0)
        {
            using var index = Command(connection, tx, $"CREATE UNIQUE INDEX IF NOT EXISTS {Quote(_table.Table + "_sluice_key")} ON {Quote(_table.Table)} ({string.Join(", ", _table.Key.Select(Quote))})");
            index.ExecuteNonQuery();
        }

        _created = true;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Declared(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => "INTEGER",
        TypeKind.Float64 => "REAL",
        TypeKind.Bool => "BOOLEAN",
        TypeKind.Date => "DATE",
        TypeKind.Timestamp => "TIMESTAMP",
        _ => "TEXT",
    };

    /// <summary>A value as SQLite stores it and a checkpoint carries it: integers, reals, text (dates and times ISO-8601), booleans as 0/1.</summary>
    private static object? Value(Data.Columns.Column column, int row) =>
        column.GetValue(row) switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
            bool b => b ? 1L : 0L,
            int i => (long)i,
            long l => l,
            double x => x,
            decimal m => (double)m,
            var v => Convert.ToString(v, CultureInfo.InvariantCulture),
        };
}
