using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Windows;

/// <summary>
/// Tumbling and sliding (hopping) windows: an event at time t belongs to every window <c>[s, s + size)</c> with s a
/// multiple of the slide and <c>s ≤ t &lt; s + size</c>. Panes are kept in start order, so firing walks from the oldest.
/// Per pane: accumulators per key, or the top-ranked events when the window ranks events.
/// </summary>
internal sealed class SlidingWindowOperator(WindowInput input) : WindowOperator(input)
{
    private readonly SortedDictionary<long, Pane> _panes = [];
    private readonly List<Pane> _updatedAfterFiring = [];

    public override int OpenWindows => _panes.Count;

    public override void Add(RecordBatch batch, long[] times, long watermark, List<int> late)
    {
        var spec = Input.Spec;
        var bound = new WindowInput.Bound(Input, batch);
        var aggregates = spec.Aggregates;
        Pane? last = null;
        for (var row = 0; row < batch.RowCount; row++)
        {
            var t = times[row];
            var lastStart = t - (((t % spec.Slide) + spec.Slide) % spec.Slide);
            var added = false;
            for (var start = lastStart; start > t - spec.Size; start -= spec.Slide)
            {
                var end = start + spec.Size;
                if (end - 1 + spec.AllowedLateness <= watermark)
                {
                    continue;
                }

                // Consecutive events mostly fall into the same pane: skip the lookup then.
                var pane = last is not null && last.Start == start ? last : PaneAt(start);
                last = pane;
                added = true;
                if (aggregates.Count > 0)
                {
                    var key = bound.Key(row);
                    if (!pane.Keys.TryGetValue(key, out var acc))
                    {
                        pane.Keys[key] = acc = new Accumulators(bound.KeyValues(row), aggregates.Count);
                    }

                    acc.Add(aggregates, bound.Aggregates, row);
                    if (pane.Fired)
                    {
                        acc.Dirty = true;
                        MarkUpdated(pane);
                    }
                }
                else
                {
                    var value = bound.Rank.IsNull(row) ? double.NegativeInfinity : bound.Rank.Double(row);
                    if (!bound.Rank.IsNull(row) && pane.Top!.Accepts(value))
                    {
                        pane.Top.Add(value, bound.KeptValues(row));
                        if (pane.Fired)
                        {
                            MarkUpdated(pane);
                        }
                    }
                }
            }

            if (!added)
            {
                late.Add(row);
            }
        }
    }

    private void MarkUpdated(Pane pane)
    {
        if (!pane.Dirty)
        {
            pane.Dirty = true;
            _updatedAfterFiring.Add(pane);
        }
    }

    private Pane PaneAt(long start)
    {
        if (!_panes.TryGetValue(start, out var pane))
        {
            _panes[start] = pane = new Pane(start, Input.Spec.Aggregates.Count == 0 ? new TopRanks(Input.Spec.Top!.N) : null);
        }

        return pane;
    }

    public override void Fire(long watermark, List<object?[]> output)
    {
        var spec = Input.Spec;
        foreach (var pane in _updatedAfterFiring)
        {
            Emit(pane, output, onlyDirty: spec.Top is null);
            pane.Dirty = false;
        }

        _updatedAfterFiring.Clear();
        List<long>? expired = null;
        foreach (var (start, pane) in _panes)
        {
            var end = start + spec.Size;
            if (end - 1 > watermark)
            {
                break;
            }

            if (!pane.Fired)
            {
                Emit(pane, output, onlyDirty: false);
                pane.Fired = true;
            }

            if (end - 1 + spec.AllowedLateness <= watermark)
            {
                (expired ??= []).Add(start);
            }
        }

        foreach (var start in expired ?? [])
        {
            _panes.Remove(start);
        }
    }

    private void Emit(Pane pane, List<object?[]> output, bool onlyDirty)
    {
        var end = pane.Start + Input.Spec.Size;
        if (pane.Top is { } top)
        {
            foreach (var kept in top.Rows)
            {
                var row = new object?[2 + kept.Length];
                row[0] = pane.Start;
                row[1] = end;
                kept.CopyTo(row, 2);
                output.Add(row);
            }

            return;
        }

        var ranked = Input.RankedAggregate;
        if (ranked < 0)
        {
            foreach (var acc in pane.Keys.Values)
            {
                if (!onlyDirty || acc.Dirty)
                {
                    output.Add(Input.Row(pane.Start, end, acc));
                }

                acc.Dirty = false;
            }

            return;
        }

        // top over the keys' results: the rows whose ranked aggregate is among the n largest distinct values.
        var rows = pane.Keys.Values.Select(acc => Input.Row(pane.Start, end, acc)).ToList();
        var column = 2 + Input.Spec.Keys.Count + ranked;
        var thresholds = rows.Select(r => Convert.ToDouble(r[column], System.Globalization.CultureInfo.InvariantCulture)).Distinct().OrderDescending().Take(Input.Spec.Top!.N).ToList();
        if (thresholds.Count == 0)
        {
            return;
        }

        var min = thresholds[^1];
        output.AddRange(rows.Where(r => r[column] is not null && Convert.ToDouble(r[column], System.Globalization.CultureInfo.InvariantCulture) >= min));
        foreach (var acc in pane.Keys.Values)
        {
            acc.Dirty = false;
        }
    }

    public override void Save(StateWriter writer)
    {
        writer.Write(_panes.Count);
        foreach (var pane in _panes.Values)
        {
            writer.Write(pane.Start);
            writer.Write(pane.Fired);
            writer.Write(pane.Dirty);
            if (pane.Top is { } top)
            {
                top.Save(writer);
                continue;
            }

            writer.Write(pane.Keys.Count);
            foreach (var (key, acc) in pane.Keys)
            {
                writer.Write(key.Number);
                writer.WriteValue(key.Text);
                acc.Save(writer);
            }
        }
    }

    public override void Load(StateReader reader)
    {
        _panes.Clear();
        _updatedAfterFiring.Clear();
        var aggregates = Input.Spec.Aggregates.Count;
        for (var p = reader.ReadInt(); p > 0; p--)
        {
            var start = reader.ReadLong();
            var fired = reader.ReadBool();
            var dirty = reader.ReadBool();
            var pane = new Pane(start, aggregates == 0 ? TopRanks.Load(reader, Input.Spec.Top!.N) : null) { Fired = fired, Dirty = dirty };
            if (aggregates > 0)
            {
                for (var k = reader.ReadInt(); k > 0; k--)
                {
                    var key = new StreamKey(reader.ReadLong(), (string?)reader.ReadValue());
                    pane.Keys[key] = Accumulators.Load(reader, aggregates);
                }
            }

            if (dirty)
            {
                _updatedAfterFiring.Add(pane);
            }

            _panes[start] = pane;
        }
    }

    private sealed class Pane(long start, TopRanks? top)
    {
        public long Start { get; } = start;

        public Dictionary<StreamKey, Accumulators> Keys { get; } = [];

        public TopRanks? Top { get; } = top;

        public bool Fired { get; set; }

        public bool Dirty { get; set; }
    }
}
