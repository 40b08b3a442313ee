using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from an HTTP endpoint that streams NDJSON (a chunked response, one object per line). A broken connection, a
/// server error (5xx, 408, 429) or — unless <c>end_on_close</c> — a response that ends is followed by a reconnection
/// after a backoff; a line cut by a broken connection is dropped. The offset is the number of events received; with a
/// <c>resume</c> template each connection asks the server to continue after it (exactly once when the server honours
/// it); without one, events the server sends while the source is disconnected or after a crash are lost (at most once).
/// </summary>
internal sealed class HttpNdjsonSource(NetworkSourceSpec spec, string where, Action<string> warn, EventParser parser, SourceSpec source, TimeProvider time)
    : PumpedSource("0", parser, source, time)
{
    private readonly LineChunker _chunker = new();
    private long _resumeFrom;

    public override void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        base.Seek(offsets);
        _resumeFrom = LinesRead;
    }

    protected override async Task PumpAsync(ChannelWriter<SourceChunk> writer, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(spec.ReconnectMin), TimeSpan.FromMilliseconds(spec.ReconnectMax), Time);
        while (true)
        {
            var url = ResumeUrl.With(spec.Url, spec.Resume, _resumeFrom + _chunker.Lines);
            var before = _chunker.Lines;
            string? problem = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var (name, value) in spec.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
                {
                    throw new SluiceException($"{where}.url: '{url}' answered {status} {response.ReasonPhrase}; check the URL and headers of the source.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"answered {status} {response.ReasonPhrase}");
                }
                else
                {
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        await _chunker.CopyAsync(body, writer, keepPartialLine: spec.EndOnClose, cancellationToken).ConfigureAwait(false);
                    }

                    if (spec.EndOnClose)
                    {
                        return;
                    }

                    problem = "ended the response";
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                problem = ex.Message;
            }

            if (_chunker.Lines > before)
            {
                backoff.Reset();
            }

            warn(string.Create(CultureInfo.InvariantCulture, $"HTTP source {spec.Url} {problem}; reconnecting (attempt {backoff.Failures + 1}) after {_chunker.Lines - before} events on this connection"));
            await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
