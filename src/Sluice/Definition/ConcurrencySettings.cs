namespace Sluice.Definition;

/// <summary>
/// A pipeline's <c>concurrency: {key, limit}</c>: at most <paramref name="Limit"/> runs of the pipeline whose
/// <paramref name="Key"/> renders to the same text execute at once in a <c>sluice serve</c>; further runs with that key
/// stay queued, runs with another key pass them.
/// </summary>
/// <param name="Key">A template over <c>inputs</c>, such as <c>{{ inputs.customer }}</c>, rendered when a run is queued.</param>
/// <param name="Limit">Runs per key executing at once (at least 1).</param>
public sealed record ConcurrencySettings(string Key, int Limit);
