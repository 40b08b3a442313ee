using System.Globalization;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Scheduling.Triggers;

namespace Sluice.Scheduling.Backfill;

/// <summary>Lists the logical dates a schedule has in a range, for <c>sluice backfill</c>.</summary>
/// <remarks>
/// Backfilled runs use the same deterministic id as scheduled ones (<see cref="ScheduledFire.RunIdFor"/>),
/// so a date the scheduler already ran is not run twice by a backfill and vice versa.
/// </remarks>
public static class BackfillPlanner
{
    /// <summary>The default cap on dates in one backfill.</summary>
    public const int DefaultMaxDates = 10_000;

    /// <summary>The occurrences of <paramref name="schedule"/> in [<paramref name="from"/>, <paramref name="to"/>], both inclusive, oldest first.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="SluiceException">The range holds more than <paramref name="maxDates"/> dates.</exception>
    public static IReadOnlyList<DateTimeOffset> Plan(ISchedule schedule, DateTimeOffset from, DateTimeOffset to, int maxDates = DefaultMaxDates)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (to < from)
        {
            throw new ArgumentException($"The backfill range ends ({to:O}) before it starts ({from:O}).", nameof(to));
        }
        var dates = new List<DateTimeOffset>();
        var cursor = from.AddTicks(-1);
        while (schedule.GetNextOccurrence(cursor) is { } next && next <= to)
        {
            if (dates.Count == maxDates)
            {
                throw new SluiceException($"The range {from:O} to {to:O} holds more than {maxDates} dates of {schedule.Description}; backfill a shorter range.");
            }
            dates.Add(next);
            cursor = next;
        }
        return dates;
    }

    /// <summary>
    /// The dates of a pipeline's trigger in the range: trigger <paramref name="triggerIndex"/>, or the first
    /// cron or interval trigger when null.
    /// </summary>
    /// <exception cref="SluiceException">The pipeline has no such time-based trigger, or the range is too large.</exception>
    public static IReadOnlyList<DateTimeOffset> Plan(PipelineDefinition pipeline, DateTimeOffset from, DateTimeOffset to, int? triggerIndex = null, int maxDates = DefaultMaxDates) =>
        Plan(FindTrigger(pipeline, triggerIndex).Schedule, from, to, maxDates);

    /// <summary>The trigger a backfill of <paramref name="pipeline"/> uses (see <see cref="Plan(PipelineDefinition, DateTimeOffset, DateTimeOffset, int?, int)"/>).</summary>
    /// <exception cref="SluiceException">The pipeline has no such time-based trigger.</exception>
    public static ScheduledTrigger FindTrigger(PipelineDefinition pipeline, int? triggerIndex = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var triggers = TriggerSchedules.FromPipeline(pipeline);
        var found = triggerIndex is { } i ? triggers.FirstOrDefault(t => t.TriggerIndex == i) : triggers.Count > 0 ? triggers[0] : null;
        return found ?? throw new SluiceException(triggerIndex is { } n
            ? $"Trigger {n + 1} of pipeline '{pipeline.Id}' is not a cron or interval trigger; a backfill needs a schedule."
            : $"Pipeline '{pipeline.Id}' has no cron or interval trigger; a backfill needs a schedule.");
    }

    /// <summary>A backfill id that is the same for the same pipeline, trigger and range, such as <c>orders_etl#0:20260101T000000Z-20260107T000000Z</c>.</summary>
    public static string IdFor(string pipelineId, int triggerIndex, DateTimeOffset from, DateTimeOffset to) =>
        string.Create(CultureInfo.InvariantCulture, $"{pipelineId}#{triggerIndex}:{from.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{to.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");
}
