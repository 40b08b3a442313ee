using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// An exactly-once PostgreSQL table sink with the SQLite table sink's protocol: the rows since the last checkpoint
/// travel in the checkpoint itself (<see cref="Save"/>); once the checkpoint is in the store, <see cref="CommitAsync"/>
/// copies them in (append, or upsert by the key — the last row of a key wins) in one transaction that also records the
/// checkpoint's sequence for this task in the table <c>sluice_stream_epochs</c> of the same database. The epoch row is
/// locked first, so two attempts of one task never commit side by side, and a commit whose sequence the database already
/// holds is skipped: a resumed task that commits its last checkpoint's rows again writes nothing twice.
/// </summary>
internal sealed class PostgresTableSink : IStreamSink
{
    private readonly TableSinkSpec _table;
    private readonly TableRows _rows;
    private readonly Schema _schema;
    private readonly string _epochKey;
    private readonly string _where;
    private readonly NpgsqlDataSource _dataSource;
    private bool _created;

    public PostgresTableSink(SinkSpec spec, Schema input, string where, string epochKey)
    {
        _table = spec.Table!;
        _where = where;
        _epochKey = epochKey;
        _rows = new TableRows(spec, input, where, Value);
        _schema = _rows.Schema;
        try
        {
            _dataSource = NpgsqlDataSource.Create(_table.Connection!);
        }
        catch (ArgumentException ex)
        {
            throw new SluiceException($"{where}.connection: not a PostgreSQL connection string ({ex.Message}); write one such as \"Host=db;Database=shop;Username=sluice\".");
        }
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

    public void Save(StateWriter state) => _rows.Save(state);

    public void Load(StateReader state) => _rows.Load(state);

    public async ValueTask CommitAsync(long sequence, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await CreateAsync(connection, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, "INSERT INTO sluice_stream_epochs (sink, seq) VALUES ($1, 0) ON CONFLICT (sink) DO NOTHING", cancellationToken, _epochKey).ConfigureAwait(false);
                    await using (var read = new NpgsqlCommand("SELECT seq FROM sluice_stream_epochs WHERE sink = $1 FOR UPDATE", connection))
                    {
                        read.Parameters.Add(new NpgsqlParameter { Value = _epochKey });
                        if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long committed && committed >= sequence)
                        {
                            _rows.Clear();
                            return;
                        }
                    }

                    if (_rows.Pending.Count > 0)
                    {
                        await InsertAsync(connection, cancellationToken).ConfigureAwait(false);
                    }

                    await ExecuteAsync(connection, "UPDATE sluice_stream_epochs SET seq = $2 WHERE sink = $1", cancellationToken, _epochKey, sequence).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    _rows.Clear();
                }
            }
        }
        catch (NpgsqlException ex)
        {
            throw new SluiceException($"{_where}: cannot write table '{_table.Table}': {ex.Message}", isTransient: ex.IsTransient, ex);
        }
    }

    /// <summary>Copies the rows into a temporary table (binary COPY), then appends or upserts them in one statement.</summary>
    private async Task InsertAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", _schema.Fields.Select(static f => Quote(f.Name)));
        await ExecuteAsync(connection, $"CREATE TEMP TABLE sluice_rows (sluice_ord bigint, {string.Join(", ", _schema.Fields.Select(static f => $"{Quote(f.Name)} {Declared(f.Type)}"))}) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);
        var importer = await connection.BeginBinaryImportAsync($"COPY sluice_rows (sluice_ord, {columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            var ord = 0L;
            foreach (var row in _rows.Pending)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(ord++, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                for (var c = 0; c < row.Length; c++)
                {
                    await WriteCellAsync(importer, _schema[c].Type, row[c], cancellationToken).ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var sql = _table.Key.Count == 0
            ? $"INSERT INTO {QualifiedName(_table.Table)} ({columns}) SELECT {columns} FROM sluice_rows ORDER BY sluice_ord"
            // One statement cannot update a row twice: of the rows with the same key, the last one written wins.
            : $"INSERT INTO {QualifiedName(_table.Table)} ({columns}) SELECT DISTINCT ON ({string.Join(", ", _table.Key.Select(Quote))}) {columns} FROM sluice_rows " +
              $"ORDER BY {string.Join(", ", _table.Key.Select(Quote))}, sluice_ord DESC " +
              $"ON CONFLICT ({string.Join(", ", _table.Key.Select(Quote))}) DO UPDATE SET {string.Join(", ", _schema.Fields.Select(static f => $"{Quote(f.Name)} = excluded.{Quote(f.Name)}"))}";
        await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteCellAsync(NpgsqlBinaryImporter importer, DataType type, object? value, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        long micros when type.Kind == TypeKind.Timestamp => importer.WriteAsync(DateTime.UnixEpoch.AddTicks(micros * 10), NpgsqlDbType.TimestampTz, cancellationToken),
        long days when type.Kind == TypeKind.Date => importer.WriteAsync(DateOnly.FromDayNumber((int)days), NpgsqlDbType.Date, cancellationToken),
        long l when type.Kind == TypeKind.Float64 => importer.WriteAsync((double)l, NpgsqlDbType.Double, cancellationToken),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken),
        double d => importer.WriteAsync(d, NpgsqlDbType.Double, cancellationToken),
        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken),
        var v => importer.WriteAsync(Convert.ToString(v, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellationToken),
    };

    private async Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS sluice_stream_epochs (sink text PRIMARY KEY, seq bigint NOT NULL)", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS {QualifiedName(_table.Table)} ({string.Join(", ", _schema.Fields.Select(static f => $"{Quote(f.Name)} {Declared(f.Type)}"))})", cancellationToken).ConfigureAwait(false);
        if (_table.Key.Count > 0)
        {
            await ExecuteAsync(connection, $"CREATE UNIQUE INDEX IF NOT EXISTS {Quote(_table.Table.Split('.')[^1] + "_sluice_key")} ON {QualifiedName(_table.Table)} ({string.Join(", ", _table.Key.Select(Quote))})", cancellationToken).ConfigureAwait(false);
        }

        _created = true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing is written before a checkpoint commits, so there is nothing to undo: the runner then loads the checkpoint's rows and commits them again (skipped when the database already has them).</summary>
    public void Restore(long committed, long rows) => Rows = rows;

    public Task FinishAsync(bool resumed, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A table name, optionally schema-qualified (<c>analytics.bid_counts</c>), quoted part by part.</summary>
    private static string QualifiedName(string table) => string.Join('.', table.Split('.').Select(Quote));

    private static string Declared(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => "bigint",
        TypeKind.Float64 => "double precision",
        TypeKind.Bool => "boolean",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamptz",
        _ => "text",
    };

    /// <summary>A cell as a checkpoint carries it: timestamps as epoch microseconds and dates as day numbers (typed again on the way in).</summary>
    private static object? Value(Data.Columns.Column column, int row) => column.GetValue(row) switch
    {
        DateTime t => (t.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10,
        DateOnly d => (long)d.DayNumber,
        int i => (long)i,
        long l => l,
        double x => x,
        decimal m => (double)m,
        bool b => b,
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };
}
