namespace Sluice.Actions;

/// <summary>An alert a streaming task raised, as it reaches <see cref="IStreamAlertObserver"/>.</summary>
/// <param name="PipelineId">The pipeline (empty when the action ran outside a run).</param>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The streaming task.</param>
/// <param name="Kind">What was found, in snake case (<c>anomaly</c>).</param>
/// <param name="Message">One line for humans.</param>
public sealed record StreamAlertEvent(string PipelineId, string RunId, string TaskId, string Kind, string Message)
{
    /// <summary>Logs the alert as a warning of the task and hands it to the host's observer, when there is one.</summary>
    /// <returns>True when an observer heard it.</returns>
    public static bool Raise(ActionContext context, string kind, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Log.Write("warn", $"alert ({kind}): {message}");
        if (context.Services?.GetService(typeof(IStreamAlertObserver)) is not IStreamAlertObserver observer)
        {
            return false;
        }

        observer.StreamAlerted(new StreamAlertEvent(context.PipelineId, context.RunId, context.TaskId, kind, message));
        return true;
    }
}
