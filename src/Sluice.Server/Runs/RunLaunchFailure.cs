namespace Sluice.Server.Runs;

/// <summary>Why a run could not start.</summary>
public enum RunLaunchFailure
{
    /// <summary>The pipeline exists but has no valid version, or the run is in a state that forbids it.</summary>
    NotRunnable,
    /// <summary>No served pipeline has that id.</summary>
    UnknownPipeline,
    /// <summary>The inputs did not bind (wrong type, missing required input, value not allowed).</summary>
    InvalidInputs,
}
