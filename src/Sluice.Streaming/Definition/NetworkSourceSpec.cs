namespace Sluice.Streaming.Definition;

/// <summary>An HTTP NDJSON or WebSocket source: where to connect and how to reconnect.</summary>
/// <param name="Url">The endpoint (<c>http(s)://</c> for HTTP, <c>ws(s)://</c> for a WebSocket).</param>
/// <param name="Resume">
/// A query parameter template such as <c>from={offset}</c> added to the URL on every connection, with the number of
/// events received so far: a server that honours it continues where the stream left off (after a reconnect or a resume),
/// which makes the source replayable. Null: the server cannot replay; events sent while disconnected are lost.
/// </param>
/// <param name="Headers">Request headers (an HTTP request, or the WebSocket handshake).</param>
/// <param name="ReconnectMin">The first wait before reconnecting, in milliseconds; it doubles up to <paramref name="ReconnectMax"/>.</param>
/// <param name="ReconnectMax">The longest wait between reconnection attempts, in milliseconds.</param>
/// <param name="EndOnClose">A response or connection that the server ends cleanly ends the stream (bounded); otherwise the source reconnects.</param>
public sealed record NetworkSourceSpec(string Url, string? Resume, IReadOnlyDictionary<string, string> Headers, long ReconnectMin, long ReconnectMax, bool EndOnClose);
