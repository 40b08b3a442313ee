namespace Sluice.Streaming.Definition;

/// <summary>The window step of a stream: how events are windowed and keyed, and what each window emits.</summary>
/// <param name="Kind">Tumbling, sliding or session.</param>
/// <param name="Size">The window length (tumbling, sliding) or the gap (session), in milliseconds.</param>
/// <param name="Slide">How often a sliding window starts, in milliseconds; equal to <paramref name="Size"/> otherwise.</param>
/// <param name="Keys">The key columns (empty: one group per window).</param>
/// <param name="Aggregates">The aggregates per key.</param>
/// <param name="Top">Keep only the top-ranked rows per window, or null.</param>
/// <param name="AllowedLateness">How long after a window fired late events still update it (re-emitting its result), in milliseconds.</param>
public sealed record WindowSpec(
    WindowKind Kind,
    long Size,
    long Slide,
    IReadOnlyList<string> Keys,
    IReadOnlyList<AggregateSpec> Aggregates,
    TopSpec? Top,
    long AllowedLateness);
