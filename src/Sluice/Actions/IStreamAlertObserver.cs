namespace Sluice.Actions;

/// <summary>
/// Hears the alerts a streaming task raises from its data (an anomalous window). A host that sends alerts (the server,
/// a worker with <c>--alert-webhook</c>) puts one in the actions' services; without one, the task only logs them.
/// Delivery is at least once: a task replayed from a checkpoint raises the alerts after it again.
/// </summary>
public interface IStreamAlertObserver
{
    /// <summary>A stream flagged something; the call must not block.</summary>
    void StreamAlerted(StreamAlertEvent alert);
}
