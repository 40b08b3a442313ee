namespace Sluice.Streaming.Definition;

/// <summary>A NATS JetStream publish sink: each result row is a JSON object published to a subject, exactly once.</summary>
/// <param name="Url">The NATS server, such as <c>nats://127.0.0.1:4222</c>.</param>
/// <param name="Subject">The subject published to; a JetStream stream must take it.</param>
public sealed record JetStreamSinkSpec(string Url, string Subject);
