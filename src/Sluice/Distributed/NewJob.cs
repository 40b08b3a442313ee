namespace Sluice.Distributed;

/// <summary>A queue job to insert with <see cref="IWorkTransaction.InsertJobsAsync"/>.</summary>
/// <param name="Name">The handler name.</param>
/// <param name="ArgsJson">Arguments as JSON.</param>
/// <param name="Queue">The queue.</param>
/// <param name="Priority">Higher first.</param>
/// <param name="MaxRetries">Retries allowed after the first attempt.</param>
/// <param name="DependsOn">Jobs that must succeed first; empty for none.</param>
/// <param name="AvailableAt">Not claimed before this time.</param>
public sealed record NewJob(string Name, string ArgsJson, string Queue, int Priority, int MaxRetries, IReadOnlyList<long> DependsOn, DateTimeOffset AvailableAt);
