namespace Sluice.Actions;

/// <summary>
/// The unit of work a task runs. Implement it and register it in an <see cref="ActionRegistry"/>
/// to add an action. Implementations must be thread-safe: many instances of a task run at once.
/// </summary>
public interface IAction
{
    /// <summary>Name, parameters and outputs.</summary>
    ActionDescriptor Descriptor { get; }

    /// <summary>
    /// Runs one attempt. Throw to fail it: a <see cref="Diagnostics.SluiceException"/> says whether
    /// the failure is transient; any other exception counts as transient. Honour
    /// <paramref name="cancellationToken"/>: it fires on timeout and on cancellation of the run.
    /// </summary>
    ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken);

    /// <summary>What an attempt needs of the machine; the executor waits for room before it starts one. The default is <see cref="ResourceAppetite.None"/>.</summary>
    ResourceAppetite Appetite => ResourceAppetite.None;
}
