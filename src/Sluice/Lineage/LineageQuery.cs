namespace Sluice.Lineage;

/// <summary>Which lineage records to read: those of a run, or those that touch a dataset (across runs, newest first).</summary>
/// <param name="RunId">The run, or null.</param>
/// <param name="Dataset">The dataset identity, or null.</param>
/// <param name="Limit">At most this many records.</param>
public sealed record LineageQuery(string? RunId = null, string? Dataset = null, int Limit = 10_000);
