namespace Sluice.Scheduling.Backfill;

/// <summary>A durable backfill: the logical dates to run for a pipeline over a range, and which are done.</summary>
/// <param name="Id">Identifier; <see cref="BackfillPlanner.IdFor"/> makes one that is the same for the same request, so repeating a backfill resumes it.</param>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="TriggerIndex">The trigger whose schedule produced the dates.</param>
/// <param name="From">Start of the range (inclusive).</param>
/// <param name="To">End of the range (inclusive).</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="Dates">Every logical date, oldest first.</param>
/// <param name="Done">The dates already run.</param>
public sealed record BackfillRecord(
    string Id,
    string PipelineId,
    int TriggerIndex,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DateTimeOffset> Dates,
    IReadOnlySet<DateTimeOffset> Done)
{
    /// <summary>The dates still to run, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Remaining => [.. Dates.Where(d => !Done.Contains(d))];

    /// <summary>True when every date is done.</summary>
    public bool IsComplete => Dates.All(Done.Contains);
}
