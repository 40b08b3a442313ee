using System.Globalization;
using Sluice.Definition;
using Sluice.Execution.FlowControl;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>
/// The line of runs waiting to execute in this server and the runs executing, per pipeline and per concurrency key: a
/// run starts when an execution worker is free, its pipeline has fewer than its <c>max_active_runs</c> executing and
/// its rendered <c>concurrency.key</c> fewer than <c>concurrency.limit</c>; a run held back by either limit lets the
/// runs behind it pass. Oldest first otherwise. Thread-safe.
/// </summary>
internal sealed class RunAdmission : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<QueuedRun> _line = new();
    private readonly Dictionary<string, List<string>> _executing = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string Key), List<string>> _executingByKey = [];
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
    /// Puts a new run at the end of the line, unless its pipeline skips runs beyond its <c>max_active_runs</c>
    /// (<see cref="RunLimitAction.Skip"/>) and that many of its runs are already queued or executing: then the line is
    /// left as it was and the reason is returned. <paramref name="isWaiting"/> says whether a run in the line still
    /// waits (a cancelled one does not count).
    /// </summary>
    public string? AddUnlessSkipped(QueuedRun run, Func<QueuedRun, bool> isWaiting)
    {
        lock (_gate)
        {
            if (run.Definition is { MaxActiveRunsOnLimit: RunLimitAction.Skip, MaxActiveRuns: { } max })
            {
                // Queued runs count too: skipping is for runs that must not pile up behind a slow one.
                var active = new List<string>(_executing.GetValueOrDefault(run.PipelineId) ?? []);
                active.AddRange(_line.Where(q => q.PipelineId == run.PipelineId && isWaiting(q)).Select(static q => q.RunId));
                if (active.Count >= max)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"skipped: max_active_runs {max} reached by run {string.Join(", ", active)} (on_limit: skip)");
                }
            }
            _line.AddLast(run);
        }
        _added.Release();
        return null;
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
            if (run.ConcurrencyKey is { } key && _executingByKey.TryGetValue((run.PipelineId, key), out var keyed))
            {
                keyed.Remove(run.RunId);
                if (keyed.Count == 0)
                {
                    // Keys are as many as customers (or whatever they name): forget the idle ones.
                    _executingByKey.Remove((run.PipelineId, key));
                }
            }
        }
        // A run of the same pipeline or key held back by a limit may start now, on another idle worker too.
        _added.Release();
    }

    /// <summary>Why a waiting run is held back by its pipeline's <c>max_active_runs</c> or its <c>concurrency</c> key, or null when it is not.</summary>
    public string? HeldBack(QueuedRun run)
    {
        lock (_gate)
        {
            if (_executing.GetValueOrDefault(run.PipelineId)?.Contains(run.RunId) == true)
            {
                // Taken from the line: it is being started (or checked against the runs of other processes).
                return null;
            }
            if (run.Definition.MaxActiveRuns is { } max && _executing.GetValueOrDefault(run.PipelineId) is { Count: > 0 } executing && executing.Count >= max)
            {
                return string.Create(CultureInfo.InvariantCulture, $"waiting: max_active_runs {max} reached by run {string.Join(", ", executing)}");
            }
            if (KeyFull(run) is { } keyed)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"waiting: concurrency limit {run.Definition.Concurrency!.Limit} for key '{run.ConcurrencyKey}' reached by run {string.Join(", ", keyed)}");
            }
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="run"/> may not start given <paramref name="executing"/>, the other runs of its pipeline the
    /// store says are executing in any process (<see cref="IStateStore.TryAdmitRunAsync"/>), or null when it may.
    /// </summary>
    public static string? RefusalAcrossProcesses(QueuedRun run, IReadOnlyList<RunRecord> executing)
    {
        if (run.Definition.MaxActiveRuns is { } max && executing.Count >= max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"waiting: max_active_runs {max} reached by run {string.Join(", ", executing.Select(static r => r.RunId))}");
        }
        if (run is { ConcurrencyKey: { } key, Definition.Concurrency: { } concurrency })
        {
            var keyed = executing.Where(r => ConcurrencyKey.Render(run.Definition, r.InputsJson) == key).Select(static r => r.RunId).ToList();
            if (keyed.Count >= concurrency.Limit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"waiting: concurrency limit {concurrency.Limit} for key '{key}' reached by run {string.Join(", ", keyed)}");
            }
        }
        return null;
    }

    /// <summary>The runs holding the run's concurrency key when they fill its limit, else null. Called under the gate.</summary>
    private List<string>? KeyFull(QueuedRun run) =>
        run is { ConcurrencyKey: { } key, Definition.Concurrency: { } concurrency }
        && _executingByKey.GetValueOrDefault((run.PipelineId, key)) is { Count: > 0 } keyed && keyed.Count >= concurrency.Limit
            ? keyed
            : null;

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
                else if ((run.Definition.MaxActiveRuns is not { } max || _executing.GetValueOrDefault(run.PipelineId) is not { } active || active.Count < max)
                    && KeyFull(run) is null)
                {
                    _line.Remove(node);
                    if (!_executing.TryGetValue(run.PipelineId, out var runs))
                    {
                        _executing[run.PipelineId] = runs = [];
                    }
                    runs.Add(run.RunId);
                    if (run.ConcurrencyKey is { } key)
                    {
                        if (!_executingByKey.TryGetValue((run.PipelineId, key), out var keyed))
                        {
                            _executingByKey[(run.PipelineId, key)] = keyed = [];
                        }
                        keyed.Add(run.RunId);
                    }
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
