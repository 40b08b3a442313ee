using System.Globalization;

namespace Sluice.Server.Runs;

/// <summary>
/// The line of runs waiting to execute in this server and the runs executing, per pipeline: a run starts when an
/// execution worker is free and its pipeline has fewer than its <c>max_active_runs</c> executing; a run held back by
/// that limit lets the runs behind it pass. Oldest first otherwise. Thread-safe.
/// </summary>
internal sealed class RunAdmission : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<QueuedRun> _line = new();
    private readonly Dictionary<string, List<string>> _executing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _added = new(0);

    /// <summary>Puts a run at the end of the line and wakes a waiting worker.</summary>
    public void Add(QueuedRun run)
    {
        lock (_gate)
        {
            _line.AddLast(run);
        }
        _added.Release();
    }

    /// <summary>
    /// Waits for the oldest run allowed to start (<paramref name="isWaiting"/> says whether it still waits: a cancel
    /// may have taken it) and counts it as executing until <see cref="Ended"/>.
    /// </summary>
    public async Task<QueuedRun> NextAsync(Func<QueuedRun, bool> isWaiting, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(isWaiting) is { } run)
            {
                return run;
            }
            // Woken by an added run; a run ending is noticed by the worker that executed it, which asks again first.
            await _added.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A run taken by <see cref="NextAsync"/> has ended.</summary>
    public void Ended(QueuedRun run)
    {
        lock (_gate)
        {
            if (_executing.TryGetValue(run.PipelineId, out var runs))
            {
                runs.Remove(run.RunId);
            }
        }
        // A run of the same pipeline held back by max_active_runs may start now, on another idle worker too.
        _added.Release();
    }

    /// <summary>Why a waiting run is held back by its pipeline's <c>max_active_runs</c>, or null when it is not.</summary>
    public string? HeldBack(QueuedRun run)
    {
        if (run.Definition.MaxActiveRuns is not { } max)
        {
            return null;
        }
        lock (_gate)
        {
            var executing = _executing.GetValueOrDefault(run.PipelineId);
            return executing is { Count: > 0 } && executing.Count >= max
                ? string.Create(CultureInfo.InvariantCulture, $"waiting: max_active_runs {max} reached by run {string.Join(", ", executing)}")
                : null;
        }
    }

    private QueuedRun? TryTake(Func<QueuedRun, bool> isWaiting)
    {
        lock (_gate)
        {
            for (var node = _line.First; node is not null;)
            {
                var next = node.Next;
                var run = node.Value;
                if (!isWaiting(run))
                {
                    _line.Remove(node);
                }
                else if (run.Definition.MaxActiveRuns is not { } max || _executing.GetValueOrDefault(run.PipelineId) is not { } active || active.Count < max)
                {
                    _line.Remove(node);
                    if (!_executing.TryGetValue(run.PipelineId, out var runs))
                    {
                        _executing[run.PipelineId] = runs = [];
                    }
                    runs.Add(run.RunId);
                    return run;
                }
                node = next;
            }
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _added.Dispose();
}
