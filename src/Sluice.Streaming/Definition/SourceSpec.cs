namespace Sluice.Streaming.Definition;

/// <summary>Where a stream's events come from.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format"><c>ndjson</c> (one JSON object per line) or <c>csv</c> (a header line first).</param>
/// <param name="Follow">Keep reading as the file grows (and across rotation) instead of ending at its end.</param>
/// <param name="PollInterval">How often a followed file is checked for new lines, in milliseconds.</param>
/// <param name="MaxEventsPerSecond">Reads no faster than this (0: unlimited); for replays at a fixed rate.</param>
/// <param name="BatchSize">Events per batch.</param>
public sealed record SourceSpec(string Path, string Format, bool Follow, long PollInterval, long MaxEventsPerSecond, int BatchSize);
