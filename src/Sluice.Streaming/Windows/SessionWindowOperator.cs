using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Windows;

/// <summary>
/// Session windows per key (Flink's merging windows): an event at t opens <c>[t, t + gap)</c>, which merges with every
/// session of its key it intersects (touching counts), so a session is <c>[first, last + gap)</c>. A session fires
/// when the watermark reaches its end − 1; sessions are found for firing through a queue ordered by end.
/// </summary>
internal sealed class SessionWindowOperator(WindowInput input) : WindowOperator(input)
{
    private readonly Dictionary<StreamKey, List<Session>> _byKey = [];
    private readonly PriorityQueue<Session, long> _byEnd = new();
    private readonly List<Session> _updatedAfterFiring = [];
    private int _open;

    public override int OpenWindows => _open;

    public override void Add(RecordBatch batch, long[] times, long watermark, List<int> late)
    {
        var spec = Input.Spec;
        var bound = new WindowInput.Bound(Input, batch);
        for (var row = 0; row < batch.RowCount; row++)
        {
            var start = times[row];
            var end = start + spec.Size;
            var key = bound.Key(row);
            if (!_byKey.TryGetValue(key, out var sessions))
            {
                _byKey[key] = sessions = [];
            }

            Session? target = null;
            var oldEnd = long.MinValue;
            for (var i = sessions.Count - 1; i >= 0; i--)
            {
                var s = sessions[i];
                if (s.Start > end || s.End < start)
                {
                    continue;
                }

                if (target is null)
                {
                    target = s;
                    oldEnd = s.End;
                    continue;
                }

                // The event bridges two sessions: fold the other into the target.
                target.Merge(s, spec.Aggregates);
                s.Removed = true;
                sessions.RemoveAt(i);
                _open--;
            }

            var newStart = Math.Min(start, target?.Start ?? start);
            var newEnd = Math.Max(end, target?.End ?? end);
            if (newEnd - 1 + spec.AllowedLateness <= watermark)
            {
                late.Add(row);
                continue;
            }

            if (target is null)
            {
                target = new Session(new Accumulators(bound.KeyValues(row), spec.Aggregates.Count)) { Key = key };
                sessions.Add(target);
                _open++;
            }

            target.Accumulators.Add(spec.Aggregates, bound.Aggregates, row);
            target.Start = newStart;
            target.End = newEnd;
            if (newEnd != oldEnd)
            {
                _byEnd.Enqueue(target, target.Fired ? newEnd + spec.AllowedLateness : newEnd);
            }

            if (target.Fired && !target.Dirty)
            {
                target.Dirty = true;
                _updatedAfterFiring.Add(target);
            }
        }
    }

    public override void Fire(long watermark, List<object?[]> output)
    {
        var lateness = Input.Spec.AllowedLateness;
        foreach (var s in _updatedAfterFiring)
        {
            if (!s.Removed && s.End - 1 <= watermark)
            {
                output.Add(Input.Row(s.Start, s.End, s.Accumulators));
            }

            s.Dirty = false;
        }

        _updatedAfterFiring.Clear();
        while (_byEnd.TryPeek(out var s, out var due) && due - 1 <= watermark)
        {
            _byEnd.Dequeue();
            if (s.Removed || due != (s.Fired ? s.End + lateness : s.End))
            {
                continue; // merged away or moved: a newer entry stands for it
            }

            if (!s.Fired)
            {
                output.Add(Input.Row(s.Start, s.End, s.Accumulators));
                s.Fired = true;
            }

            if (s.End - 1 + lateness <= watermark)
            {
                s.Removed = true;
                var sessions = _byKey[KeyOf(s)];
                sessions.Remove(s);
                if (sessions.Count == 0)
                {
                    _byKey.Remove(KeyOf(s));
                }

                _open--;
            }
            else
            {
                _byEnd.Enqueue(s, s.End + lateness);
            }
        }
    }

    private static StreamKey KeyOf(Session s) => s.Key;

    public override void Save(StateWriter writer)
    {
        writer.Write(_open);
        foreach (var (key, sessions) in _byKey)
        {
            foreach (var s in sessions)
            {
                writer.Write(key.Number);
                writer.WriteValue(key.Text);
                writer.Write(s.Start);
                writer.Write(s.End);
                writer.Write(s.Fired);
                writer.Write(s.Dirty);
                s.Accumulators.Save(writer);
            }
        }
    }

    public override void Load(StateReader reader)
    {
        _byKey.Clear();
        _byEnd.Clear();
        _updatedAfterFiring.Clear();
        _open = reader.ReadInt();
        var lateness = Input.Spec.AllowedLateness;
        for (var i = 0; i < _open; i++)
        {
            var key = new StreamKey(reader.ReadLong(), (string?)reader.ReadValue());
            var s = new Session(null!) { Start = reader.ReadLong(), End = reader.ReadLong(), Fired = reader.ReadBool(), Dirty = reader.ReadBool() };
            s.Accumulators = Accumulators.Load(reader, Input.Spec.Aggregates.Count);
            s.Key = key;
            if (!_byKey.TryGetValue(key, out var list))
            {
                _byKey[key] = list = [];
            }

            list.Add(s);
            _byEnd.Enqueue(s, s.Fired ? s.End + lateness : s.End);
            if (s.Dirty)
            {
                _updatedAfterFiring.Add(s);
            }
        }
    }

    private sealed class Session(Accumulators accumulators)
    {
        public Accumulators Accumulators { get; set; } = accumulators;

        public StreamKey Key { get; set; }

        public long Start { get; set; }

        public long End { get; set; }

        public bool Fired { get; set; }

        public bool Dirty { get; set; }

        public bool Removed { get; set; }

        public void Merge(Session other, IReadOnlyList<Definition.AggregateSpec> specs)
        {
            Accumulators.Merge(other.Accumulators, specs);
            Start = Math.Min(Start, other.Start);
            End = Math.Max(End, other.End);
        }
    }
}
