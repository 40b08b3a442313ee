namespace Sluice.Streaming.Definition;

/// <summary>
/// A windowed stream–stream join (Flink's window join and interval join): events that satisfy <paramref name="Left"/>
/// are joined with events that satisfy <paramref name="Right"/> on equal keys, when both fall into the same tumbling
/// window (<paramref name="Interval"/> false) or when the right event's time is within
/// [left time + <paramref name="Lower"/>, left time + <paramref name="Upper"/>] (true). State is kept until the
/// watermark passes the window's or the interval's end; later events go to the late output.
/// </summary>
/// <param name="Left">The column expression that picks the left side's events.</param>
/// <param name="Right">The column expression that picks the right side's events.</param>
/// <param name="LeftKeys">The left side's key columns.</param>
/// <param name="RightKeys">The right side's key columns, pairwise with <paramref name="LeftKeys"/>.</param>
/// <param name="Interval">True for an interval join, false for a tumbling window join.</param>
/// <param name="Size">The tumbling window's size in milliseconds (0 for an interval join).</param>
/// <param name="Lower">The interval's lower bound relative to the left event's time, in milliseconds (may be negative).</param>
/// <param name="Upper">The interval's upper bound relative to the left event's time, in milliseconds (at least <paramref name="Lower"/>).</param>
/// <param name="Select">The output columns after <c>window_start</c>, <c>window_end</c> (window join only).</param>
/// <param name="Distinct">Emit each distinct output row once per window (window join only).</param>
public sealed record JoinSpec(
    string Left,
    string Right,
    IReadOnlyList<string> LeftKeys,
    IReadOnlyList<string> RightKeys,
    bool Interval,
    long Size,
    long Lower,
    long Upper,
    IReadOnlyList<SideColumn> Select,
    bool Distinct);
