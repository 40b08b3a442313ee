using System.Globalization;
using Sluice.Execution.Semantics;
using Sluice.TaskQueue;

namespace Sluice.Distributed;

public sealed partial class DistributedWorker
{
    /// <summary>
    /// Group commit: everything finished since the last commit goes into one transaction. A failed commit
    /// (store unreachable beyond the reconnect budget) is retried; the leases stay renewed meanwhile.
    /// </summary>
    private async Task CommitLoopAsync()
    {
        var reader = _outcomes.Reader;
        var tasks = new List<TaskOutcome>();
        var jobs = new List<JobOutcome>();
        var done = new List<long>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (tasks.Count + jobs.Count < _options.CommitBatchSize && reader.TryRead(out var item))
            {
                switch (item)
                {
                    case TaskOutcome { Kind: not AttemptEnd.Abandoned } t:
                        tasks.Add(t);
                        break;
                    case JobOutcome { Abandoned: false } j:
                        jobs.Add(j);
                        break;
                    case TaskOutcome t:
                        done.Add(t.Work.Id);
                        break;
                    case JobOutcome j:
                        done.Add(j.Work.Id);
                        break;
                    case AbandonedWork a:
                        done.Add(a.Work.Id);
                        break;
                }
            }
            // Taken before the commit, which empties the lists as it goes (a retry must not apply them twice).
            var committing = done.Count;
            foreach (var t in tasks)
            {
                done.Add(t.Work.Id);
            }
            foreach (var j in jobs)
            {
                done.Add(j.Work.Id);
            }
            var outcomes = done.Count - committing;
            if (await CommitWithRetryAsync(tasks, jobs).ConfigureAwait(false))
            {
                Interlocked.Add(ref _completed, outcomes);
            }
            else
            {
                // Given up at shutdown: still in flight, so their leases are handed back (or expire).
                done.RemoveRange(committing, outcomes);
            }
            foreach (var id in done)
            {
                if (_inflight.TryRemove(id, out var f))
                {
                    f.Dispose();
                    Interlocked.Decrement(ref _leased);
                }
            }
            if (done.Count > 0)
            {
                _wake.Set();
            }
            tasks.Clear();
            jobs.Clear();
            done.Clear();
        }
    }

    /// <summary>Commits the outcomes, retrying; false when it gave up at shutdown.</summary>
    private async Task<bool> CommitWithRetryAsync(List<TaskOutcome> tasks, List<JobOutcome> jobs)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (tasks.Count > 0)
                {
                    await CommitTasksAsync(tasks).ConfigureAwait(false);
                }
                if (jobs.Count > 0)
                {
                    var completions = jobs.ConvertAll(static j => j.Completion!);
                    await _work.InTransactionAsync((completions, Id, _time), static (tx, s, ct) => tx.FinishJobsAsync(s.Id, s.completions, s._time.GetUtcNow(), ct), CancellationToken.None).ConfigureAwait(false);
                    jobs.Clear();
                }
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (_abandonToken.IsCancellationRequested && attempt >= 3)
                {
                    Log($"worker {Id}: giving up committing {tasks.Count + jobs.Count} outcome(s) at shutdown ({ex.Message}); their items are retried when the leases expire");
                    tasks.Clear();
                    jobs.Clear();
                    return false;
                }
                Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: committing {tasks.Count + jobs.Count} outcome(s) failed ({ex.Message}); retrying in {StoreErrorDelay.TotalSeconds:0} s"));
                await Task.Delay(StoreErrorDelay, _time).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitTasksAsync(List<TaskOutcome> tasks)
    {
        var advancer = await _work.InTransactionAsync((tasks, _options, _time), static async (tx, s, ct) =>
        {
            // A fresh advancer per attempt: a retried transaction must not see the rolled-back one's decisions.
            var a = new DagAdvancer(tx, s._options, s._time.GetUtcNow());
            await a.CompleteAsync(s.tasks, ct).ConfigureAwait(false);
            return a;
        }, CancellationToken.None).ConfigureAwait(false);
        Absorb(advancer);
        tasks.Clear();
    }

    /// <summary>After a commit: caches the values decided in it, forgets ended runs, and wakes the claim loop for new work.</summary>
    private void Absorb(DagAdvancer advancer)
    {
        foreach (var delta in advancer.Runs)
        {
            foreach (var (taskId, value) in delta.Overlay)
            {
                delta.Context.SetValue(taskId, value);
            }
            if (delta.RunEnded)
            {
                Log($"run {delta.Context.Run.RunId} ({delta.Context.Model.Definition.Id}) {(delta.CancelReason is null ? "finished" : "ended cancelled")}");
                _runs.Forget(delta.Context.Run.RunId);
            }
        }
        if (advancer.QueuedWork)
        {
            _wake.Set();
        }
    }
}
