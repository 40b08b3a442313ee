namespace Sluice.Scheduling.Storage;

/// <summary>The durable position of one trigger.</summary>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="TriggerIndex">The trigger's index in the pipeline.</param>
/// <param name="RegisteredAt">When the scheduler first saw the trigger; nothing before it is ever fired.</param>
/// <param name="LastLogicalDate">The latest logical date fired (recorded), or null if none yet.</param>
public sealed record ScheduleCursor(string PipelineId, int TriggerIndex, DateTimeOffset RegisteredAt, DateTimeOffset? LastLogicalDate)
{
    /// <summary>The instant after which the next fire is searched: the last fired date, else the registration time.</summary>
    public DateTimeOffset Position => LastLogicalDate ?? RegisteredAt;
}
