using Sluice.State;

namespace Sluice.Hosting.Library;

/// <summary>A task instance changed state (the <c>progress_callback</c> of seed 000's <c>execute_pipeline</c>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The item of a mapped task, or −1.</param>
/// <param name="State">The new state.</param>
/// <param name="Attempt">The attempt number (0 before the first).</param>
/// <param name="TasksDone">Declared tasks that reached a final state so far.</param>
/// <param name="TaskCount">Declared tasks of the pipeline.</param>
/// <param name="Message">The engine's message, such as a skip reason; null when there is none.</param>
public sealed record PipelineProgress(string RunId, string TaskId, int MapIndex, TaskState State, int Attempt, int TasksDone, int TaskCount, string? Message);
