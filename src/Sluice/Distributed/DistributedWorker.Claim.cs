using System.Globalization;
using Sluice.Execution.Semantics;

namespace Sluice.Distributed;

public sealed partial class DistributedWorker
{
    private static readonly TimeSpan StoreErrorDelay = TimeSpan.FromSeconds(1);

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // A slot frees when its outcome is committed (the lease ends), not when the attempt ends: outcomes are
            // committed in batches, so slots free in batches too and each claim fills many (a claim per finished item
            // cost a transaction per item once tasks are short).
            var free = _options.Capacity - Volatile.Read(ref _leased);
            if (free <= 0)
            {
                await WaitAsync(_wake.WaitAsync(), cancellationToken).ConfigureAwait(false);
                continue;
            }
            var want = Math.Min(free, _options.ClaimBatchSize);
            IReadOnlyList<ClaimedWork> claimed;
            try
            {
                claimed = await _work.ClaimAsync(Request(want), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log($"worker {Id}: claiming work failed ({ex.Message}); trying again in {StoreErrorDelay.TotalSeconds:0} s");
                await WaitAsync(Task.Delay(StoreErrorDelay, _time, cancellationToken), cancellationToken).ConfigureAwait(false);
                continue;
            }
            foreach (var work in claimed)
            {
                Start(work);
            }
            if (claimed.Count < want)
            {
                // The queue is drained (for us): sleep until a notification, a freed slot with new local work, or the poll interval.
                await WaitAsync(Task.WhenAny(_work.WaitForWorkAsync(_options.PollInterval, cancellationToken), _wake.WaitAsync()), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ClaimRequest Request(int want)
    {
        List<string>? excluded = null;
        foreach (var (queue, limit) in _options.QueueLimits)
        {
            if (_queueUse.GetValueOrDefault(queue) >= limit)
            {
                (excluded ??= []).Add(queue);
            }
        }
        return new ClaimRequest(Id, want, _time.GetUtcNow(), _options.LeaseDuration, _options.Queues, excluded, _options.Handlers?.LocalQueue, _options.Handlers?.Names ?? [],
            _options.PoolLimits.Count > 0 ? _options.PoolLimits : null, _options.Only);
    }

    private void Start(ClaimedWork work)
    {
        var inflight = new InFlight(work, _abandonToken);
        _inflight[work.Id] = inflight;
        Interlocked.Increment(ref _leased);
        Interlocked.Increment(ref _running);
        _queueUse.AddOrUpdate(work.Queue, 1, static (_, n) => n + 1);
        _ = Task.Run(() => ExecuteAsync(inflight));
    }

    private async Task ExecuteAsync(InFlight inflight)
    {
        object outcome;
        try
        {
            outcome = inflight.Work.Kind == WorkKind.Job
                ? await _jobs.RunAsync(inflight.Work, inflight.Cancellation.Token).ConfigureAwait(false)
                : await ExecuteTaskAsync(inflight).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (inflight.Cancellation.IsCancellationRequested)
        {
            outcome = new AbandonedWork(inflight.Work);
        }
#pragma warning disable CA1031 // The worker must survive anything an item does; the lease then lapses and another worker retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: item {inflight.Work.Id} ({Describe(inflight.Work)}) could not run: {ex.Message}"));
            outcome = new AbandonedWork(inflight.Work);
        }
        inflight.Finished = true;
        _outcomes.Writer.TryWrite(outcome);
        _queueUse.AddOrUpdate(inflight.Work.Queue, 0, static (_, n) => n - 1);
        Interlocked.Decrement(ref _running);
        _stopped.Set();
    }

    private async Task<object> ExecuteTaskAsync(InFlight inflight)
    {
        var work = inflight.Work;
        var run = await _runs.GetAsync(work.RunId!, inflight.Cancellation.Token).ConfigureAwait(false);
        if (work.Lost >= _options.MaxLostAttempts)
        {
            // A task that took down every worker that ran it: stop feeding it workers.
            var node = run.Model.Node(work.TaskId!);
            var now = _time.GetUtcNow();
            return new TaskOutcome
            {
                Work = work, Run = run, Node = node, StartedAt = now, EndedAt = now,
                Failure = new AttemptFailure(AttemptEnd.Failed, string.Create(CultureInfo.InvariantCulture, $"{work.Lost} attempts were lost with their workers (crash or disconnection); not retried again"), Transient: false, FailsRun: false),
            };
        }
        return await _attempts.RunAsync(inflight, run).ConfigureAwait(false);
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(ClaimedWork work) => work.Kind == WorkKind.Job
        ? $"job '{work.Name}'"
        : work.MapIndex >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{work.RunId}/{work.TaskId}[{work.MapIndex}]") : $"{work.RunId}/{work.TaskId}";
}
