namespace Sluice.Scheduling.Triggers;

/// <summary>A time-based trigger of a pipeline, ready for the scheduler.</summary>
/// <param name="PipelineId">The pipeline it starts.</param>
/// <param name="TriggerIndex">Its position in the pipeline's <c>triggers</c> list; with the pipeline id, the key of its durable state.</param>
/// <param name="Schedule">When it fires.</param>
/// <param name="CatchUp">
/// After downtime, fire every missed date oldest first (true), or only the most recent missed date
/// (false, the default: Airflow's <c>catchup=False</c>).
/// </param>
/// <param name="MaxCatchUpRuns">With <paramref name="CatchUp"/>: how many fires of this trigger may be outstanding (delivered, callback not completed) at once; 0 means no limit. The default is 1 (one at a time, in order). Ignored without catch-up.</param>
public sealed record ScheduledTrigger(string PipelineId, int TriggerIndex, ISchedule Schedule, bool CatchUp = false, int MaxCatchUpRuns = 1);
