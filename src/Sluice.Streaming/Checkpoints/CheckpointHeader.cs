namespace Sluice.Streaming.Checkpoints;

/// <summary>
/// The fixed start of every checkpoint's state: the counters a resumed task restores and a progress reader shows
/// without knowing the operators' state that follows.
/// </summary>
/// <param name="Finished">The bounded source was consumed; this is the final checkpoint.</param>
/// <param name="EventsIn">Events read.</param>
/// <param name="SinkRows">Rows written to the sink.</param>
/// <param name="LateRows">Rows written to the late output.</param>
/// <param name="LateEvents">Events too late for every window.</param>
/// <param name="Rejected">Lines that did not parse.</param>
/// <param name="Watermark">The watermark (epoch ms), <see cref="long.MinValue"/> before any event.</param>
/// <param name="PreviousMillis">How long the previous checkpoint took (ms), 0 for the first.</param>
internal readonly record struct CheckpointHeader(bool Finished, long EventsIn, long SinkRows, long LateRows, long LateEvents, long Rejected, long Watermark, double PreviousMillis)
{
    public void Write(StateWriter w)
    {
        w.Write(Finished);
        w.Write(EventsIn);
        w.Write(SinkRows);
        w.Write(LateRows);
        w.Write(LateEvents);
        w.Write(Rejected);
        w.Write(Watermark);
        w.Write(PreviousMillis);
    }

    public static CheckpointHeader Read(StateReader r) =>
        new(r.ReadBool(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadDouble());
}
