using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// The task states of each run shown by the grid, read from the store once per ended run. An ended run's task rows change
/// only through a clear or a mark, which put the run back to queued and end it again with a new end time, so a run's cells
/// are reused while its state and end time are those they were read with; a running run is always read again. Bounded
/// by the number of cells held (the cache starts over when full). Thread-safe.
/// </summary>
internal sealed class GridCells
{
    private const int MaxCells = 250_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private int _cells;

    private sealed record Entry(RunState State, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, Dictionary<string, TaskState> Cells);

    /// <summary>The task states of each run of <paramref name="runs"/>, in the same order; one store query for those not held.</summary>
    public async Task<Dictionary<string, TaskState>[]> GetAsync(IStateStore store, IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, TaskState>[runs.Count];
        var missing = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                var run = runs[i];
                if (_runs.TryGetValue(run.RunId, out var e) && run.State.IsFinal() && e.State == run.State && e.StartedAt == run.StartedAt && e.EndedAt == run.EndedAt)
                {
                    result[i] = e.Cells;
                }
                else
                {
                    result[i] = new Dictionary<string, TaskState>(StringComparer.Ordinal);
                    missing[run.RunId] = i;
                }
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        foreach (var cell in await store.GetTaskStatesAsync([.. missing.Keys], cancellationToken).ConfigureAwait(false))
        {
            result[missing[cell.RunId]][cell.TaskId] = cell.State;
        }
        lock (_gate)
        {
            foreach (var (runId, i) in missing)
            {
                var run = runs[i];
                if (!run.State.IsFinal())
                {
                    continue;
                }
                if (_cells + result[i].Count > MaxCells)
                {
                    _runs.Clear();
                    _cells = 0;
                }
                if (_runs.Remove(runId, out var old))
                {
                    _cells -= old.Cells.Count;
                }
                _runs[runId] = new Entry(run.State, run.StartedAt, run.EndedAt, result[i]);
                _cells += result[i].Count;
            }
        }
        return result;
    }
}
