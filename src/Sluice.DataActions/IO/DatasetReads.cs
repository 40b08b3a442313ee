using System.Collections.Concurrent;
using Sluice.Actions;
using Sluice.Datasets;
using Sluice.Lineage;

namespace Sluice.DataActions.IO;

/// <summary>
/// The datasets one data-action attempt opened through <see cref="DatasetReader"/>, with the reader's running row
/// counts: they feed the attempt's live <see cref="TaskProgress"/> while it runs and, when it succeeds, the rows it read
/// per dataset are recorded on its read lineage, the task's "rows in" (a handle passed from upstream often has no row
/// count: an ingested file is referenced, not read, until a task streams it).
/// </summary>
/// <remarks>
/// Held in an <see cref="AsyncLocal{T}"/> for the attempt (set by <see cref="DataAction"/>) rather than passed to every
/// <see cref="DatasetReader.Open"/> call: the reader is shared by every action and opened from helpers that do not see
/// the action's context, and an attempt's work (its parallel parsing included) flows its execution context.
/// </remarks>
internal sealed class DatasetReads : IDisposable
{
    private static readonly AsyncLocal<DatasetReads?> Current = new();
    private readonly ConcurrentQueue<(DatasetRef Dataset, Func<long> Rows)> _opened = new();
    private readonly TaskProgress _progress;
    private readonly DatasetReads? _outer;

    private DatasetReads(TaskProgress progress, DatasetReads? outer)
    {
        _progress = progress;
        _outer = outer;
    }

    /// <summary>Starts collecting what the current attempt opens.</summary>
    public static DatasetReads Begin(TaskProgress progress)
    {
        var reads = new DatasetReads(progress, Current.Value);
        Current.Value = reads;
        return reads;
    }

    /// <summary>Called by <see cref="DatasetReader.Open"/>: counts <paramref name="opened"/> for the attempt, if any, that opened it.</summary>
    public static void Opened(DatasetRef dataset, OpenedDataset opened)
    {
        if (Current.Value is { } reads)
        {
            reads._opened.Enqueue((dataset, opened.RecordsRead));
            reads._progress.Track(LineageCapture.Identity(dataset), opened.RecordsRead);
        }
    }

    /// <summary>
    /// <paramref name="result"/> with a read lineage entry per dataset the attempt read rows from, carrying the rows read
    /// (the most of any pass over it: an action may read a dataset twice). An entry the action declared with a row
    /// count is kept as it is; a schema probe that read no row adds nothing.
    /// </summary>
    public ActionResult AddTo(ActionResult result)
    {
        var read = _opened.Select(static o => (o.Dataset, Rows: o.Rows())).Where(static o => o.Rows > 0)
            .GroupBy(static o => LineageCapture.Identity(o.Dataset), StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.MaxBy(static o => o.Rows), StringComparer.Ordinal);
        if (read.Count == 0)
        {
            return result;
        }
        var declared = result.Lineage.Where(static l => l.Direction == LineageDirection.Read).ToList();
        var lineage = result.Lineage.Where(l => l.Direction != LineageDirection.Read || l.Dataset.Rows is not null || !read.ContainsKey(LineageCapture.Identity(l.Dataset))).ToList();
        foreach (var (identity, (dataset, rows)) in read)
        {
            if (!declared.Exists(l => l.Dataset.Rows is not null && LineageCapture.Identity(l.Dataset) == identity))
            {
                var own = declared.Find(l => LineageCapture.Identity(l.Dataset) == identity);
                lineage.Add(own is null ? new DatasetLineage(LineageDirection.Read, dataset with { Rows = rows }) : own with { Dataset = own.Dataset with { Rows = rows } });
            }
        }
        return result with { Lineage = lineage };
    }

    /// <summary>Ends the attempt's collection.</summary>
    public void Dispose() => Current.Value = _outer;
}
