using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from a NATS JetStream stream, one JSON object per message, through a durable pull consumer. The partition is
/// the stream and the offset its stream sequence. On start the durable is created at the position to read from — after
/// the checkpointed sequence when the task resumes, else after the consumer's acknowledged floor (where the previous run
/// left off), else at the stream's start — because a consumer's start cannot be moved and what it delivered but was not
/// acknowledged would come back only after its ack wait. Messages are acknowledged (ack-all) in
/// <see cref="CommitAsync"/>, after the checkpoint that read them is in the store; a redelivery of a sequence already
/// read is skipped.
/// </summary>
internal sealed class JetStreamSource(JetStreamSourceSpec spec, string where, EventParser parser, SourceSpec source, TimeProvider time)
    : PumpedSource(spec.Stream, parser, source, time)
{
    private readonly ConcurrentQueue<INatsJSMsg<byte[]>> _unacknowledged = new();
    private NatsConnection? _connection;
    private ulong _resumeAfter;
    private bool _resumed;

    public override void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        if (offsets.TryGetValue(Partition, out var text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            _resumeAfter = sequence;
            _resumed = true;
            ResumeAt(text);
        }
    }

    protected override async Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken)
    {
        _connection = new NatsConnection(new NatsOpts { Url = spec.Url, Name = "sluice" });
        var js = new NatsJSContext(_connection);
        var consumer = await CreateConsumerAsync(js, cancellationToken).ConfigureAwait(false);
        if (spec.Bounded && consumer.Info.NumPending == 0)
        {
            return;
        }

        var last = _resumeAfter;
        await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (msg.Metadata is not { } meta)
            {
                continue;
            }

            var sequence = meta.Sequence.Stream;
            if (sequence <= last)
            {
                continue;
            }

            last = sequence;
            _unacknowledged.Enqueue(msg);
            await writer.WriteAsync(new SourceChunk(Line(msg.Data), sequence.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            if (spec.Bounded && meta.NumPending == 0)
            {
                return;
            }
        }
    }

    /// <summary>The message as one line: a pretty-printed object's line breaks are JSON whitespace and become spaces.</summary>
    private static byte[] Line(byte[]? data)
    {
        var line = new byte[(data?.Length ?? 0) + 1];
        data?.CopyTo(line, 0);
        line.AsSpan(0, line.Length - 1).Replace((byte)'\n', (byte)' ');
        line[^1] = (byte)'\n';
        return line;
    }

    private async Task<INatsJSConsumer> CreateConsumerAsync(NatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetStreamAsync(spec.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!_resumed && await ExistingAsync(js, cancellationToken).ConfigureAwait(false) is { } floor)
            {
                _resumeAfter = floor;
            }

            await DeleteConsumerAsync(js, cancellationToken).ConfigureAwait(false);
            var config = new ConsumerConfig(spec.Consumer)
            {
                DurableName = spec.Consumer,
                AckPolicy = ConsumerConfigAckPolicy.All,
                AckWait = TimeSpan.FromMinutes(10),
                MaxAckPending = spec.MaxAckPending,
                DeliverPolicy = _resumeAfter > 0 ? ConsumerConfigDeliverPolicy.ByStartSequence : ConsumerConfigDeliverPolicy.All,
                OptStartSeq = _resumeAfter > 0 ? _resumeAfter + 1 : 0,
                FilterSubject = spec.Subject,
            };
            return await js.CreateOrUpdateConsumerAsync(spec.Stream, config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            throw new SluiceException($"{where}.stream: the JetStream stream '{spec.Stream}' does not exist on {spec.Url}; create it (nats stream add) or correct the name.");
        }
        catch (NatsException ex) when (ex is not NatsJSApiException && !cancellationToken.IsCancellationRequested)
        {
            throw new SluiceException($"{where}.url: cannot use JetStream at '{spec.Url}': {ex.Message}", ex);
        }
    }

    /// <summary>The stream sequence a durable of the same name had acknowledged, or null when there is none.</summary>
    private async Task<ulong?> ExistingAsync(NatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await js.GetConsumerAsync(spec.Stream, spec.Consumer, cancellationToken).ConfigureAwait(false);
            return existing.Info.AckFloor?.StreamSeq;
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            return null;
        }
    }

    private async Task DeleteConsumerAsync(NatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            await js.DeleteConsumerAsync(spec.Stream, spec.Consumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            // Nothing to delete.
        }
    }

    public override async ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default)
    {
        if (!offsets.TryGetValue(Partition, out var text) || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var committed))
        {
            return;
        }

        INatsJSMsg<byte[]>? last = null;
        while (_unacknowledged.TryPeek(out var msg) && msg.Metadata?.Sequence.Stream <= committed && _unacknowledged.TryDequeue(out msg))
        {
            last = msg;
        }

        if (last is { } ack)
        {
            // Ack-all: acknowledging the newest message read before the checkpoint acknowledges every earlier one. The
            // server confirms it (double ack), so the final checkpoint's ack is not lost when the connection closes next.
            await ack.AckAsync(new AckOpts { DoubleAck = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
