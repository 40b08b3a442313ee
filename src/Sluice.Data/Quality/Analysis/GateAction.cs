namespace Sluice.Data.Quality.Analysis;

/// <summary>What a failed <see cref="QualityGate"/> does.</summary>
public enum GateAction
{
    /// <summary>Log a warning; the task succeeds.</summary>
    Warn,

    /// <summary>Fail the task (downstream tasks become upstream_failed; independent branches continue).</summary>
    FailTask,

    /// <summary>Fail the task and ask the executor to cancel the rest of the run.</summary>
    FailRun,
}
