namespace Sluice.Actions;

/// <summary>
/// Hears data-quality gates that warned (<c>on_fail: warn</c>): the run goes on, and the host decides who learns
/// about it (the server and <c>sluice worker --alert-webhook</c> raise a <c>quality_gate</c> alert). An action finds
/// the host's observer in <see cref="ActionContext.Services"/>; none there means nobody listens. Implementations
/// are called on the action's thread: they must be quick and must not throw.
/// </summary>
public interface IQualityGateObserver
{
    /// <summary>A gate's score was below its minimum and the gate only warns.</summary>
    void GateWarned(QualityGateWarning warning);
}
