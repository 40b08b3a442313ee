using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>
/// Starts runs of the served pipelines. The seam a scheduler (cron, interval, file triggers) calls:
/// it validates inputs, records the run as queued and hands it to the run queue.
/// </summary>
public interface IRunLauncher
{
    /// <summary>Creates a queued run of the pipeline's active version and returns it; execution starts when a run slot frees.</summary>
    /// <exception cref="RunLaunchException">The pipeline is unknown, has no valid version, or the inputs do not bind.</exception>
    Task<RunRecord> LaunchAsync(RunRequest request, CancellationToken cancellationToken = default);
}
