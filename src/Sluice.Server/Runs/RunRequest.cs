namespace Sluice.Server.Runs;

/// <summary>A request to start a run of a served pipeline: from the API, a webhook, or a scheduler.</summary>
/// <param name="PipelineId">The pipeline's id.</param>
/// <param name="Inputs">Input values (typed, or text to convert), bound against the declared inputs.</param>
/// <param name="Trigger">What starts the run: <c>api</c>, <c>webhook</c>, <c>cron</c>, <c>backfill</c>...</param>
/// <param name="LogicalDate">The schedule's logical date, or null.</param>
/// <param name="RunId">A deterministic id (scheduled runs: <c>pipeline@date</c>); creating the same id twice returns the first run. Null for a fresh id.</param>
public sealed record RunRequest(string PipelineId, IReadOnlyDictionary<string, object?> Inputs, string Trigger = "api", DateTimeOffset? LogicalDate = null, string? RunId = null);
