using Sluice.Distributed;

namespace Sluice.TaskQueue;

/// <summary>The end of a job attempt, waiting to be committed; <see cref="Completion"/> is null when abandoned.</summary>
internal sealed record JobOutcome(ClaimedWork Work, JobCompletion? Completion)
{
    public bool Abandoned => Completion is null;
}
