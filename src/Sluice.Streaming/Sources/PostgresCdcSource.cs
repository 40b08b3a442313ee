using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Row changes from PostgreSQL by logical replication (<c>pgoutput</c>): each insert, update and delete of the
/// publication's tables is an event <c>{op, table, lsn, …the row's columns}</c> (a delete carries the replica identity:
/// the key, or the whole old row with <c>REPLICA IDENTITY FULL</c>). The partition is the slot and the offset the end
/// LSN of the last transaction read; a transaction is read whole into one batch, so a checkpoint never splits one. The
/// slot's confirmed flush position is advanced in <see cref="CommitAsync"/>, only after the checkpoint is in the store,
/// so the server keeps every change after it; a resumed task starts replication at the checkpointed LSN and the server
/// skips the transactions committed before it.
/// </summary>
internal sealed class PostgresCdcSource(CdcSourceSpec spec, string where, EventParser parser, SourceSpec source, TimeProvider time)
    : PumpedSource(spec.Slot, parser, source, time)
{
    private const string EndMarkerPrefix = "sluice.cdc.end";
    private readonly ArrayBufferWriter<byte> _transaction = new(1 << 16);
    private LogicalReplicationConnection? _replication;
    private volatile LogicalReplicationConnection? _streaming;
    private NpgsqlLogSequenceNumber? _resumeAt;

    public override void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        if (offsets.TryGetValue(Partition, out var text) && NpgsqlLogSequenceNumber.TryParse(text, out var lsn))
        {
            _resumeAt = lsn;
            ResumeAt(text);
        }
    }

    protected override async Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken)
    {
        var marker = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        _replication = new LogicalReplicationConnection(spec.Connection);
        await _replication.Open(cancellationToken).ConfigureAwait(false);
        var options = new PgOutputReplicationOptions(spec.Publication, PgOutputProtocolVersion.V1, messages: marker is not null);
        var messages = _replication.StartReplication(new PgOutputReplicationSlot(spec.Slot), options, cancellationToken, _resumeAt);
        var ended = false;
        await foreach (var message in messages.ConfigureAwait(false))
        {
            // Status updates go out only once the connection streams (in COPY mode); before that there is nothing to confirm.
            _streaming ??= _replication;
            if (ended)
            {
                // Past the bounded end: keep the replication stream open (and answering the server) until the source is
                // disposed, so the final checkpoint can still confirm its LSN on it.
                continue;
            }

            switch (message)
            {
                case BeginMessage:
                    _transaction.ResetWrittenCount();
                    break;
                case InsertMessage insert:
                    await AppendAsync("insert", insert.Relation, insert.NewRow, insert.WalStart, cancellationToken).ConfigureAwait(false);
                    break;
                case UpdateMessage update:
                    await AppendAsync("update", update.Relation, update.NewRow, update.WalStart, cancellationToken).ConfigureAwait(false);
                    break;
                case KeyDeleteMessage delete:
                    await AppendAsync("delete", delete.Relation, delete.Key, delete.WalStart, cancellationToken).ConfigureAwait(false);
                    break;
                case FullDeleteMessage delete:
                    await AppendAsync("delete", delete.Relation, delete.OldRow, delete.WalStart, cancellationToken).ConfigureAwait(false);
                    break;
                case CommitMessage commit:
                    var offset = commit.TransactionEndLsn.ToString();
                    await writer.WriteAsync(new SourceChunk(_transaction.WrittenSpan.ToArray(), offset), cancellationToken).ConfigureAwait(false);
                    _transaction.ResetWrittenCount();
                    break;
                case LogicalDecodingMessage m when m.Prefix == EndMarkerPrefix:
                    if (Encoding.UTF8.GetString(await ReadAllAsync(m.Data, cancellationToken).ConfigureAwait(false)) == marker)
                    {
                        ended = true;
                        writer.TryComplete();
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Checks the publication, creates the slot when missing, and for a bounded source writes a marker into the WAL:
    /// every change committed before it is read when the marker arrives. Returns the marker, or null.
    /// </summary>
    private async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(spec.Connection);
        }
        catch (ArgumentException)
        {
            // The message would quote the connection string, and with it a password.
            throw new SluiceException($"{where}.connection: not a PostgreSQL connection string; write it as Host=db;Database=shop;Username=etl.");
        }

        try
        {
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (await ScalarAsync(connection, "SELECT count(*) FROM pg_publication WHERE pubname = $1", spec.Publication, cancellationToken).ConfigureAwait(false) is 0L)
                {
                    throw new SluiceException($"{where}.publication: the publication '{spec.Publication}' does not exist; create it: CREATE PUBLICATION {spec.Publication} FOR TABLE …");
                }

                if (await ScalarAsync(connection, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1", spec.Slot, cancellationToken).ConfigureAwait(false) is 0L)
                {
                    await ScalarAsync(connection, "SELECT count(*) FROM pg_create_logical_replication_slot($1, 'pgoutput')", spec.Slot, cancellationToken).ConfigureAwait(false);
                }

                if (!spec.Bounded)
                {
                    return null;
                }

                var marker = Guid.NewGuid().ToString("N");
                using var emit = new NpgsqlCommand("SELECT pg_logical_emit_message(false, $1, $2)", connection);
                emit.Parameters.Add(new NpgsqlParameter { Value = EndMarkerPrefix });
                emit.Parameters.Add(new NpgsqlParameter { Value = marker });
                await emit.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return marker;
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            throw new SluiceException($"{where}.connection: the server cannot do logical replication ({ex.MessageText}); set wal_level = logical in postgresql.conf and restart it.");
        }
        catch (NpgsqlException ex) when (ex is not PostgresException && !cancellationToken.IsCancellationRequested)
        {
            throw new SluiceException($"{where}.connection: cannot connect to PostgreSQL: {ex.Message}", ex);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string argument, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = argument });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <summary>Adds the change as one JSON line to the transaction being read.</summary>
    private async Task AppendAsync(string op, RelationMessage relation, ReplicationTuple row, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var json = new Utf8JsonWriter(_transaction);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("op", op);
            json.WriteString("table", $"{relation.Namespace}.{relation.RelationName}");
            json.WriteString("lsn", lsn.ToString());
            var column = 0;
            await foreach (var value in row.ConfigureAwait(false))
            {
                var name = relation.Columns[column++].ColumnName;
                if (value.Kind == TupleDataKind.UnchangedToastedValue)
                {
                    continue; // a large value the update did not change is not sent again: the column is missing, not null
                }

                json.WritePropertyName(name);
                if (value.IsDBNull)
                {
                    json.WriteNullValue();
                    continue;
                }

                var text = await value.Get<string>(cancellationToken).ConfigureAwait(false);
                switch (value.GetDataTypeName())
                {
                    case "smallint" or "integer" or "bigint" or "real" or "double precision" or "numeric" or "oid":
                        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                        {
                            json.WriteRawValue(text, skipInputValidation: true);
                        }
                        else
                        {
                            json.WriteStringValue(text);
                        }

                        break;
                    case "boolean":
                        json.WriteBooleanValue(text == "t");
                        break;
                    default:
                        json.WriteStringValue(text);
                        break;
                }
            }

            json.WriteEndObject();
        }

        _transaction.Write("\n"u8);
    }

    public override async ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default)
    {
        if (_streaming is not { } replication || !offsets.TryGetValue(Partition, out var text) || !NpgsqlLogSequenceNumber.TryParse(text, out var lsn))
        {
            return;
        }

        replication.SetReplicationStatus(lsn);
        await replication.SendStatusUpdate(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_replication is not null)
        {
            await _replication.DisposeAsync().ConfigureAwait(false);
        }
    }
}
