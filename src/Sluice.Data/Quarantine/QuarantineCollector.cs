namespace Sluice.Data.Quarantine;

/// <summary>An in-memory quarantine that keeps the first <see cref="Capacity"/> records and counts all of them.</summary>
public sealed class QuarantineCollector : IQuarantineSink
{
    private readonly List<QuarantineRecord> _records = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a collector.</summary>
    /// <param name="capacity">How many records to keep (later ones are only counted). The default is 10000.</param>
    public QuarantineCollector(int capacity = 10_000) => Capacity = capacity;

    /// <summary>How many records are kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of records received.</summary>
    public long Count { get; private set; }

    /// <summary>The kept records, in arrival order.</summary>
    public IReadOnlyList<QuarantineRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <inheritdoc />
    public void Add(QuarantineRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            Count++;
            if (_records.Count < Capacity)
            {
                _records.Add(record);
            }
        }
    }
}
