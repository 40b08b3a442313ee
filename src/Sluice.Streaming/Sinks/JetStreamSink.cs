using System.Buffers;
using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// Publishes each result row as a JSON object to a JetStream subject, exactly once. The rows of a checkpoint are its
/// transaction state: <see cref="Save"/> puts them into the checkpoint, so they are committed with it, and only then
/// does <see cref="CommitAsync"/> publish them, each with the message id <c>run/task/map-index/checkpoint/row</c>. A
/// crash before the commit loses nothing (the replay computes the rows again); a crash during publishing publishes the
/// restored checkpoint's rows again under the same ids, and JetStream drops the ones it already has (within the
/// stream's duplicate window, 2 minutes by default).
/// </summary>
internal sealed class JetStreamSink : IStreamSink
{
    private readonly JetStreamSinkSpec _spec;
    private readonly string _where;
    private readonly string _idPrefix;
    private readonly int[] _columns;
    private readonly Schema _input;
    private readonly List<byte[]> _staged = [];
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private List<byte[]> _prepared = [];
    private long _preparedSequence;
    private NatsConnection? _connection;
    private NatsJSContext? _js;

    public JetStreamSink(JetStreamSinkSpec spec, IReadOnlyList<string>? columns, Schema input, string idPrefix, string where)
    {
        _spec = spec;
        _where = where;
        _idPrefix = idPrefix;
        _input = input;
        _columns = columns is { } names
            ? [.. names.Select(n => input.IndexOf(n) is var i and >= 0 ? i : throw new SluiceException($"{where}.columns: '{n}' is not a column of the stream's results; they are {string.Join(", ", input.Fields.Select(static f => f.Name))}."))]
            : [.. Enumerable.Range(0, input.Count)];
    }

    public long Rows { get; private set; }

    /// <summary>Rows JetStream reported as duplicates (already published under the same id): the replays it absorbed.</summary>
    public long Duplicates { get; private set; }

    public void Write(RecordBatch batch, long sequence)
    {
        for (var r = 0; r < batch.RowCount; r++)
        {
            _json.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_json))
            {
                writer.WriteStartObject();
                foreach (var c in _columns)
                {
                    writer.WritePropertyName(_input[c].Name);
                    WriteValue(writer, batch.Column(c), r);
                }

                writer.WriteEndObject();
            }

            _staged.Add(_json.WrittenSpan.ToArray());
        }

        Rows += batch.RowCount;
    }

    private static void WriteValue(Utf8JsonWriter writer, Column column, int row)
    {
        switch (column.IsNull(row) ? null : column.GetValue(row))
        {
            case null:
                writer.WriteNullValue();
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTime t:
                writer.WriteStringValue(t.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
                break;
            case var v:
                writer.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture));
                break;
        }
    }

    public void Prepare(long sequence)
    {
        _prepared = [.. _staged];
        _preparedSequence = sequence;
        _staged.Clear();
    }

    public void Save(StateWriter state)
    {
        state.Write(_prepared.Count);
        foreach (var row in _prepared)
        {
            state.Write(row.Length);
            state.Write(row);
        }
    }

    public async ValueTask CommitAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence != _preparedSequence || _prepared.Count == 0)
        {
            return;
        }

        _js ??= new NatsJSContext(_connection = new NatsConnection(new NatsOpts { Url = _spec.Url, Name = "sluice" }));
        for (var i = 0; i < _prepared.Count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{_idPrefix}/{sequence}/{i}");
            PubAckResponse ack;
            try
            {
                ack = await _js.PublishAsync(_spec.Subject, _prepared[i], opts: new NatsJSPubOpts { MsgId = id }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSPublishNoResponseException)
            {
                throw new SluiceException($"{_where}.subject: no JetStream stream on {_spec.Url} takes subject '{_spec.Subject}'; create one whose subjects include it.");
            }

            if (ack.Duplicate)
            {
                Duplicates++;
                continue;
            }

            ack.EnsureSuccess();
        }

        _prepared = [];
    }

    public void Restore(long committed, long rows)
    {
        Rows = rows;
        _preparedSequence = committed;
    }

    public void Load(StateReader state)
    {
        var count = state.ReadInt();
        _prepared = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            _prepared.Add(state.ReadBytes(state.ReadInt()));
        }
    }

    public Task FinishAsync(bool resumed, CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
