using Sluice.Distributed;
using Sluice.Stores;

namespace Sluice.TaskQueue;

/// <summary>
/// <see cref="ITaskQueue"/> on a SQLite or PostgreSQL state store: jobs are work items of the same durable
/// queue the distributed pipeline workers use (leases, heartbeats, retries, LISTEN/NOTIFY on PostgreSQL).
/// </summary>
/// <example>
/// <code>
/// var queue = new DurableTaskQueue(store);
/// queue.Handlers.Register("extract", async (args, ct) => await ExtractAsync(args.GetProperty("path").GetString(), ct));
/// await using var worker = queue.StartWorker();
/// var id = await queue.EnqueueAsync("extract", new { path = "source.csv" });
/// var result = await queue.GetResultAsync(id, TimeSpan.FromMinutes(1));
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A task queue is the domain term (seed 002).")]
public sealed class DurableTaskQueue : ITaskQueue
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);
    private readonly SluiceStore _store;
    private readonly IWorkStore _work;
    private readonly TimeProvider _time;

    /// <summary>Creates a queue on the work queue of <paramref name="store"/>.</summary>
    public DurableTaskQueue(SluiceStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _work = store.Work;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Handlers of this process's workers, and this queue's in-process delegates.</summary>
    public TaskHandlerRegistry Handlers { get; } = new();

    /// <summary>Starts a worker in this process that runs this queue's handlers and delegates; dispose it to stop.</summary>
    public TaskQueueWorker StartWorker(WorkerOptions? options = null) => TaskQueueWorker.Start(_store, (options ?? new WorkerOptions()) with { Handlers = Handlers });

    /// <inheritdoc />
    public async Task<long> EnqueueAsync(string name, object? args = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ids = await InsertAsync([Job(name, args, options, null)], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    /// <inheritdoc />
    public async Task<long> EnqueueAsync(Func<CancellationToken, Task<object?>> work, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var name = Handlers.AddInline(work);
        var ids = await InsertAsync([Job(name, null, options, Handlers.LocalQueue)], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> EnqueueManyAsync(IEnumerable<TaskRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var jobs = requests.Select(r => Job(r.Name, r.Args, r.Options, null)).ToList();
        return jobs.Count == 0 ? Task.FromResult<IReadOnlyList<long>>([]) : InsertAsync(jobs, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TaskResult> GetResultAsync(long id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            var job = await _work.GetJobAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"No job has id {id} (never enqueued, or purged).");
            switch (job.State)
            {
                case JobState.Succeeded:
                    return new TaskResult { Id = id, Status = TaskResultStatus.Succeeded, ValueJson = job.ResultJson ?? "null", Attempts = job.Attempt };
                case JobState.Failed:
                    return new TaskResult { Id = id, Status = TaskResultStatus.Failed, Error = job.Error, Attempts = job.Attempt };
            }
            var left = timeout - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return new TaskResult { Id = id, Status = TaskResultStatus.TimedOut, Error = $"job {id} did not finish within {timeout.TotalSeconds:0.###} s (state {job.State.ToString().ToLowerInvariant()})", Attempts = job.Attempt };
            }
            await Task.Delay(delay < left ? delay : left, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }

    private NewJob Job(string name, object? args, EnqueueOptions? options, string? queue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var o = options ?? new EnqueueOptions();
        if (o.Retries < 0)
        {
            throw new ArgumentException($"Retries must be at least 0, was {o.Retries}.", nameof(options));
        }
        return new NewJob(name, TaskJson.Serialize(args), queue ?? o.Queue, o.Priority, o.Retries, o.DependsOn, _time.GetUtcNow() + o.Delay);
    }

    private Task<IReadOnlyList<long>> InsertAsync(List<NewJob> jobs, CancellationToken cancellationToken) =>
        _work.InTransactionAsync((jobs, now: _time.GetUtcNow()), static (tx, s, ct) => tx.InsertJobsAsync(s.jobs, s.now, ct), cancellationToken);
}
