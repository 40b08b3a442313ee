namespace Sluice.Streaming.Definition;

/// <summary>A NATS JetStream source: a durable pull consumer on a stream, replayed from a stream sequence.</summary>
/// <param name="Url">The NATS server, such as <c>nats://127.0.0.1:4222</c>.</param>
/// <param name="Stream">The JetStream stream; it must exist.</param>
/// <param name="Subject">Reads only the stream's messages on this subject (wildcards allowed); null for all.</param>
/// <param name="Consumer">The durable consumer's name: it keeps the acknowledged position on the server between runs.</param>
/// <param name="Bounded">End when the consumer has caught up with the stream (no message pending) instead of waiting for more.</param>
/// <param name="MaxAckPending">Messages delivered but not yet acknowledged (acknowledged at each checkpoint) before the server pauses delivery.</param>
public sealed record JetStreamSourceSpec(string Url, string Stream, string? Subject, string Consumer, bool Bounded, long MaxAckPending);
