namespace Sluice.Streaming.Runtime;

/// <summary>A streaming task's counters, as of its last checkpoint or its end.</summary>
/// <param name="EventsIn">Events read from the source (after the last checkpoint's replay, each counted once).</param>
/// <param name="EventsOut">Rows written to the sink.</param>
/// <param name="LateEvents">Events later than every window they belong to (routed to the late output).</param>
/// <param name="Rejected">Lines that could not be parsed.</param>
/// <param name="Watermark">The watermark in epoch milliseconds, or null before any event.</param>
/// <param name="Checkpoints">The sequence of the last checkpoint.</param>
/// <param name="OpenWindows">Windows holding state.</param>
public sealed record StreamProgress(long EventsIn, long EventsOut, long LateEvents, long Rejected, long? Watermark, long Checkpoints, int OpenWindows);
