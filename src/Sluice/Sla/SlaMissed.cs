using Sluice.State;

namespace Sluice.Sla;

/// <summary>A miss an <see cref="SlaWatch"/> noticed, as its owner reports it.</summary>
/// <param name="Miss">What was recorded on the run.</param>
/// <param name="PipelineId">The run's pipeline.</param>
/// <param name="MaxDuration">The <c>sla.max_duration</c> that passed, or null for a <c>done_by</c> deadline.</param>
/// <param name="StartedAt">When the run (or task) started, which the duration counts from; for <c>done_by</c>, the run's logical date.</param>
public sealed record SlaMissed(SlaMissRecord Miss, string PipelineId, TimeSpan? MaxDuration, DateTimeOffset StartedAt)
{
    /// <summary>Why the store did not take the record (the miss is reported all the same), or null when it did.</summary>
    public Exception? RecordError { get; init; }

    /// <summary>One line for humans: what is late, its SLA and when it started.</summary>
    public string Describe()
    {
        return MaxDuration is { } max
            ? $"{Miss.Subject} is still running after its SLA of {Definition.DurationParser.Format(max)} (started {StartedAt:u})"
            : $"{Miss.Subject} (scheduled for {StartedAt:u}) has not ended by its done_by deadline {Miss.Deadline:u}";
    }
}
