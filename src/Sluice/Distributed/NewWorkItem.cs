namespace Sluice.Distributed;

/// <summary>A task instance made ready: inserted into the work queue by <see cref="IWorkTransaction.InsertWorkAsync"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The item index, or -1.</param>
/// <param name="Queue">The queue (the task's pool, or <c>default</c>).</param>
/// <param name="Priority">Higher first.</param>
/// <param name="AvailableAt">Not claimed before this time (retry delay).</param>
/// <param name="Attempt">Attempts already made (the claim starts attempt + 1).</param>
/// <param name="Lost">Earlier attempts ended by a lost lease.</param>
public sealed record NewWorkItem(string RunId, string TaskId, int MapIndex, string Queue, int Priority, DateTimeOffset AvailableAt, int Attempt = 0, int Lost = 0);
