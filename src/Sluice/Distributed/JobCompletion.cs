namespace Sluice.Distributed;

/// <summary>The end of a job attempt, applied by <see cref="IWorkTransaction.FinishJobsAsync"/>.</summary>
/// <param name="Id">The job.</param>
/// <param name="State"><see cref="JobState.Succeeded"/>, <see cref="JobState.Failed"/>, or <see cref="JobState.Ready"/> for a retry.</param>
/// <param name="ResultJson">The result when succeeded.</param>
/// <param name="Error">The error when failed or retried.</param>
/// <param name="RetryAt">When a retry may start.</param>
public sealed record JobCompletion(long Id, JobState State, string? ResultJson, string? Error, DateTimeOffset? RetryAt = null);
