namespace Sluice.Streaming.Definition;

/// <summary>
/// Where event time comes from and how far the watermark trails it: watermark = max event time seen − delay − 1 ms
/// (Flink's bounded out-of-orderness). Without a column, events carry processing time.
/// </summary>
/// <param name="Column">A timestamp column (ISO-8601 with <c>Z</c> or an offset) or an integer column of epoch milliseconds; null for processing time.</param>
/// <param name="Delay">The bounded out-of-orderness, in milliseconds.</param>
/// <param name="IdleTimeout">A partition without events for this long (processing time) stops holding the watermark back; 0 never.</param>
public sealed record EventTimeSpec(string? Column, long Delay, long IdleTimeout);
