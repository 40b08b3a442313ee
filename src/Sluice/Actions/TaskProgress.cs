namespace Sluice.Actions;

/// <summary>
/// How far a running attempt has got, for a live view (<c>sluice run</c>'s table): the rows its action has read so far.
/// An action registers the counters of the datasets it streams (a reader's running total) and the view reads them when
/// it refreshes, so counting costs the action nothing per row. Thread-safe.
/// </summary>
public sealed class TaskProgress
{
    private readonly Lock _gate = new();
    private (string Dataset, Func<long> Rows)[] _counters = [];

    /// <summary>
    /// Adds a running total of the rows this attempt has read of <paramref name="dataset"/> (read by <see cref="Rows"/>,
    /// from any thread). A dataset read twice (a second pass) counts once, as its larger total.
    /// </summary>
    public void Track(string dataset, Func<long> rowsSoFar)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(rowsSoFar);
        lock (_gate)
        {
            _counters = [.. _counters, (dataset, rowsSoFar)];
        }
    }

    /// <summary>True once an action has registered a counter: the attempt processes rows.</summary>
    public bool CountsRows => Volatile.Read(ref _counters).Length > 0;

    /// <summary>Rows read so far: per dataset the largest of its counters, summed.</summary>
    public long Rows
    {
        get
        {
            var counters = Volatile.Read(ref _counters);
            if (counters.Length == 1)
            {
                return counters[0].Rows();
            }
            var byDataset = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (dataset, rows) in counters)
            {
                byDataset[dataset] = Math.Max(byDataset.GetValueOrDefault(dataset), rows());
            }
            return byDataset.Values.Sum();
        }
    }
}
