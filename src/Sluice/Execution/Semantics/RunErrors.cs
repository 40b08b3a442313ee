namespace Sluice.Execution.Semantics;

/// <summary>The run-level error messages, worded once for every engine.</summary>
internal static class RunErrors
{
    /// <summary>The error of a run stopped by a task that failed it (<c>on_fail: fail_run</c>).</summary>
    public static string FailedBy(string taskId, string? error) => $"task '{taskId}' failed the run: {error}";

    /// <summary>The error of a failed run: its first failed task in declaration order.</summary>
    public static string TaskFailed(string taskId, string? error) => $"task '{taskId}' failed: {error}";

    /// <summary>The error of a failed run when no task failed itself (only upstream_failed or cancelled ones).</summary>
    public const string NoTaskFailed = "a task was upstream_failed or cancelled";
}
