using System.Globalization;

namespace Sluice.Streaming.Tests.Sources;

/// <summary>
/// Events for the source tests — <c>{"id": i, "k": "a"|"b"|"c", "t": epoch ms}</c>, one second apart — a pipeline
/// that counts them per key in tumbling 10 s windows, and the counts those windows must hold (computed here, in batch).
/// </summary>
internal static class KeyedEvents
{
    public static string Line(int i) => string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"k\":\"{"abc"[i % 3]}\",\"t\":{i * 1000L}}}");

    public static string[] Lines(int count) => [.. Enumerable.Range(0, count).Select(Line)];

    /// <summary>The final sorted CSV of <see cref="Pipeline"/> over events 0..count-1.</summary>
    public static string[] Counts(int count) =>
    [
        "window_start,window_end,k,n",
        .. Enumerable.Range(0, count)
            .GroupBy(static i => (Window: i / 10 * 10_000L, Key: "abc"[i % 3]))
            .OrderBy(static g => g.Key.Window).ThenBy(static g => g.Key.Key)
            .Select(static g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Window},{g.Key.Window + 10_000},{g.Key.Key},{g.Count()}")),
    ];

    /// <summary>A pipeline counting the events of <paramref name="source"/> (a YAML flow map) into <paramref name="sink"/>.</summary>
    public static string Pipeline(string source, string sink, string checkpoint = "1s") => $$$"""
        id: keyed_counts
        tasks:
          - id: counts
            action: stream
            parameters:
              source: {{{source}}}
              columns: {id: int, k: string, t: int}
              event_time: {column: t, max_out_of_orderness: 0s}
              steps:
                - window: {type: tumbling, size: 10s, key: k, aggregates: {n: "count()"}}
              sink: {path: "{{{sink}}}", sort: true}
              checkpoint: {interval: {{{checkpoint}}}}
            outputs: [stats]
        """;
}
