namespace Sluice.State;

/// <summary>Filters and paging for listing runs, newest first.</summary>
/// <param name="PipelineId">Only this pipeline, or null for all.</param>
/// <param name="State">Only this state, or null.</param>
/// <param name="Limit">At most this many. The default is 50.</param>
/// <param name="BeforeRunId">Keyset paging: only runs created before this one.</param>
public sealed record RunQuery(string? PipelineId = null, RunState? State = null, int Limit = 50, string? BeforeRunId = null);
