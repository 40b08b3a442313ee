namespace Sluice.Hosting.Library;

/// <summary>A task attempt failed (the <c>error_callback</c> of seed 000's <c>execute_pipeline</c>); a retry may follow.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The item of a mapped task, or −1.</param>
/// <param name="Attempt">The attempt that failed.</param>
/// <param name="Message">The error, as the run's log records it.</param>
public sealed record PipelineError(string RunId, string TaskId, int MapIndex, int Attempt, string Message);
