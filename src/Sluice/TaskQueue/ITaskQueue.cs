namespace Sluice.TaskQueue;

/// <summary>
/// A durable job queue (seed 002) on the state store: enqueue named jobs or in-process delegates with
/// arguments and dependencies, have workers in this or other processes run them, and wait for results.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A task queue is the domain term (seed 002).")]
public interface ITaskQueue
{
    /// <summary>Queues a job for the handler <paramref name="name"/>; returns its id.</summary>
    /// <exception cref="ArgumentException">A dependency names no job.</exception>
    Task<long> EnqueueAsync(string name, object? args = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues an in-process delegate; returns its id. Only workers of this process that share this queue's
    /// handlers run it (a delegate cannot travel to another process); it is lost if the process ends first.
    /// </summary>
    Task<long> EnqueueAsync(Func<CancellationToken, Task<object?>> work, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Queues many jobs in one transaction; returns their ids in order.</summary>
    Task<IReadOnlyList<long>> EnqueueManyAsync(IEnumerable<TaskRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the job to finish. A timeout is a result
    /// (<see cref="TaskResultStatus.TimedOut"/>), not an exception.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    Task<TaskResult> GetResultAsync(long id, TimeSpan timeout, CancellationToken cancellationToken = default);
}
