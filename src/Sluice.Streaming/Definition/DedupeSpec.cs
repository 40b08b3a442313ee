namespace Sluice.Streaming.Definition;

/// <summary>
/// Drops an event whose key was already seen less than <paramref name="Ttl"/> earlier (in event time, or processing
/// time without an event-time column). A key's entry is dropped once the watermark passes first-seen + TTL.
/// </summary>
/// <param name="Keys">The columns that identify a duplicate; empty means every column.</param>
/// <param name="Ttl">How long a key is remembered, in milliseconds.</param>
public sealed record DedupeSpec(IReadOnlyList<string> Keys, long Ttl);
