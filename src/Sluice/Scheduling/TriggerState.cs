using Sluice.Scheduling.Triggers;

namespace Sluice.Scheduling;

/// <summary>The scheduler's in-memory view of one trigger. Touched only by the scheduler's pump.</summary>
internal sealed class TriggerState(ScheduledTrigger trigger)
{
    public ScheduledTrigger Trigger { get; } = trigger;

    /// <summary>The last recorded logical date (or the registration time): the next fire is the first occurrence after it.</summary>
    public DateTimeOffset Cursor { get; set; }

    /// <summary>Recorded fires to deliver again, oldest logical date first.</summary>
    public List<Redelivery> Redeliveries { get; } = [];

    /// <summary>Callbacks of this trigger not completed yet.</summary>
    public int Outstanding { get; set; }

    /// <summary>
    /// Whether another fire may be delivered now. Only catch-up triggers are bounded; their bound covers every
    /// outstanding fire, so dates are delivered strictly oldest first and never more than the bound at once.
    /// </summary>
    public bool HasSlot => !Trigger.CatchUp || Trigger.MaxCatchUpRuns == 0 || Outstanding < Trigger.MaxCatchUpRuns;

    public void AddRedelivery(ScheduledFire fire, DateTimeOffset notBefore)
    {
        var i = Redeliveries.FindIndex(r => r.Fire.LogicalDate > fire.LogicalDate);
        Redeliveries.Insert(i < 0 ? Redeliveries.Count : i, new Redelivery(fire, notBefore));
    }

    internal readonly record struct Redelivery(ScheduledFire Fire, DateTimeOffset NotBefore);
}
