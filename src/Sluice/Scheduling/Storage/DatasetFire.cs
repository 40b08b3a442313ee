namespace Sluice.Scheduling.Storage;

/// <summary>
/// A run of <see cref="PipelineId"/> owed to a <c>type: dataset</c> trigger because run <see cref="SourceRunId"/> (of
/// pipeline <see cref="SourcePipelineId"/>) wrote <see cref="Datasets"/>. Recorded once per (pipeline, updating run),
/// before the run is started, and completed when it was.
/// </summary>
/// <param name="PipelineId">The triggered pipeline.</param>
/// <param name="SourceRunId">The run that updated the datasets.</param>
/// <param name="SourcePipelineId">Its pipeline.</param>
/// <param name="Datasets">The updated datasets the trigger listens to (lineage identities), in order.</param>
/// <param name="RunId">The id of the triggered run.</param>
public sealed record DatasetFire(string PipelineId, string SourceRunId, string SourcePipelineId, IReadOnlyList<string> Datasets, string RunId)
{
    /// <summary>When the triggered run was started, or null while it is owed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
