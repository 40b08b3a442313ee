namespace Sluice.Retention;

/// <summary>A final run found by <see cref="IRetentionStore.ListEndedRunsAsync"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="EndedAt">When it ended.</param>
public readonly record struct EndedRun(string RunId, DateTimeOffset EndedAt);
