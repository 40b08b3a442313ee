using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Time;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Steps;

/// <summary>
/// <c>dedupe</c>: keeps the first event of each key and drops the ones that follow within the TTL. A key is remembered
/// until first-seen + TTL (event time; processing time without an event-time column) and forgotten once the watermark
/// passes that, so state stays bounded by the keys of one TTL. An event with a null event time passes through.
/// </summary>
internal sealed class DedupeStep : IStreamStep
{
    private readonly DedupeSpec _spec;
    private readonly KeyColumns _keys;
    private readonly int _time;
    private readonly Dictionary<StreamKey, long> _expiry = [];
    // Expiry order with lazy deletion: an entry whose time no longer matches the dictionary's is stale.
    private readonly PriorityQueue<StreamKey, long> _queue = new();
    private readonly List<int> _kept = [];

    public DedupeStep(DedupeSpec spec, Schema input, string? timeColumn, string where)
    {
        _spec = spec;
        Output = input;
        _keys = new KeyColumns(input, spec.Keys, $"{where}.key");
        _time = timeColumn is null ? -1 : input.IndexOf(timeColumn);
        if (timeColumn is not null && (_time < 0 || !EventTimeReader.Accepts(input[_time].Type)))
        {
            throw new SluiceException($"{where}: the event-time column '{timeColumn}' must reach this step (a select or rename before it removed it); keep it or move dedupe earlier.");
        }
    }

    public Schema Output { get; }

    /// <summary>Events dropped as duplicates.</summary>
    public long Dropped { get; private set; }

    public long StateEntries => _expiry.Count;

    public RecordBatch Apply(RecordBatch batch, StreamClock clock)
    {
        Expire(clock.Watermark == long.MinValue || _time < 0 ? clock.Now - _spec.Ttl : clock.Watermark);
        var keys = _keys.Bind(batch);
        var times = _time >= 0 ? new EventTimeReader(batch.Column(_time)) : default;
        _kept.Clear();
        for (var row = 0; row < batch.RowCount; row++)
        {
            var t = clock.Now;
            if (_time >= 0 && !times.TryGet(row, out t))
            {
                _kept.Add(row);
                continue;
            }

            var key = StreamKey.Of(keys, _keys.IsSingleNumber, row);
            if (_expiry.TryGetValue(key, out var until) && t < until)
            {
                Dropped++;
                continue;
            }

            _expiry[key] = t + _spec.Ttl;
            _queue.Enqueue(key, t + _spec.Ttl);
            _kept.Add(row);
        }

        if (_kept.Count == batch.RowCount)
        {
            return batch;
        }

        using (batch)
        {
            return batch.Gather(_kept.ToArray());
        }
    }

    /// <summary>Forgets keys whose TTL ended at or before <paramref name="time"/>.</summary>
    private void Expire(long time)
    {
        while (_queue.TryPeek(out var key, out var until) && until <= time)
        {
            _queue.Dequeue();
            if (_expiry.TryGetValue(key, out var current) && current == until)
            {
                _expiry.Remove(key);
            }
        }
    }

    public void Save(StateWriter writer)
    {
        writer.Write(Dropped);
        writer.Write(_expiry.Count);
        foreach (var (key, until) in _expiry)
        {
            key.Save(writer);
            writer.Write(until);
        }
    }

    public void Load(StateReader reader)
    {
        Dropped = reader.ReadLong();
        _expiry.Clear();
        _queue.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var key = StreamKey.Load(reader);
            var until = reader.ReadLong();
            _expiry[key] = until;
            _queue.Enqueue(key, until);
        }
    }
}
