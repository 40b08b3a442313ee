using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from a WebSocket: each message holds one JSON object or several NDJSON lines. A broken connection or — unless
/// <c>end_on_close</c> — a close from the server is followed by a reconnection after a backoff. Offsets and the
/// delivery guarantee are those of <see cref="HttpNdjsonSource"/>: replayable only through a <c>resume</c> parameter
/// the server honours.
/// </summary>
internal sealed class WebSocketSource(NetworkSourceSpec spec, string where, Action<string> warn, EventParser parser, SourceSpec source, TimeProvider time)
    : PumpedSource("0", parser, source, time)
{
    private long _received;

    public override void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        base.Seek(offsets);
        _received = LinesRead;
    }

    protected override async Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(spec.ReconnectMin), TimeSpan.FromMilliseconds(spec.ReconnectMax), Time);
        var message = new ArrayBufferWriter<byte>(1 << 16);
        while (true)
        {
            var url = ResumeUrl.With(spec.Url, spec.Resume, _received);
            var before = _received;
            string problem;
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            foreach (var (name, value) in spec.Headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }

            try
            {
                await socket.ConnectAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    message.ResetWrittenCount();
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(message.GetMemory(1 << 14), cancellationToken).ConfigureAwait(false);
                        message.Advance(result.Count);
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    var written = message.WrittenSpan;
                    var lines = written.Length > 0 && written[^1] == (byte)'\n' ? written.ToArray() : [.. written, (byte)'\n'];
                    _received += LineChunker.CountLines(lines);
                    await writer.WriteAsync(new SourceChunk(lines), cancellationToken).ConfigureAwait(false);
                }

                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                }

                if (spec.EndOnClose)
                {
                    return;
                }

                problem = "closed the connection";
            }
            catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (ex.WebSocketErrorCode == WebSocketError.NotAWebSocket && socket.HttpStatusCode is >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError)
                {
                    throw new SluiceException($"{where}.url: '{url}' answered {(int)socket.HttpStatusCode} instead of opening a WebSocket; check the URL and headers of the source.");
                }

                problem = ex.Message;
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                problem = ex.Message;
            }

            if (_received > before)
            {
                backoff.Reset();
            }

            warn(string.Create(CultureInfo.InvariantCulture, $"WebSocket source {spec.Url} {problem}; reconnecting (attempt {backoff.Failures + 1}) after {_received - before} events on this connection"));
            await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
