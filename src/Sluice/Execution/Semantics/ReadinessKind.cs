namespace Sluice.Execution.Semantics;

/// <summary>What happens to a task whose dependencies are all final.</summary>
internal enum ReadinessKind
{
    /// <summary>It runs: queue one attempt.</summary>
    Queue,

    /// <summary>It runs once per item: render its <c>for_each</c> and queue the items.</summary>
    Expand,

    /// <summary>Its condition is false, or its trigger rule does not fire: <c>skipped</c>, outputs null.</summary>
    Skip,

    /// <summary>A dependency failed and the trigger rule needs all to succeed: <c>upstream_failed</c>.</summary>
    UpstreamFailed,

    /// <summary>Its condition could not be evaluated: <c>failed</c> with <see cref="Readiness.Error"/>.</summary>
    Fail,
}
