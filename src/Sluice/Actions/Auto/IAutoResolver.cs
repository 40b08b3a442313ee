namespace Sluice.Actions.Auto;

/// <summary>
/// Chooses the value of an <c>&lt;AUTO&gt;hint&lt;/AUTO&gt;</c> parameter with the task's model. The core holds only this
/// contract; a provider package (<c>Sluice.AI</c>) implements it and the host sets it on
/// <see cref="ActionRegistry.AutoResolver"/>. When it gives no value, the hint's words and then the action's own
/// heuristic decide.
/// </summary>
public interface IAutoResolver
{
    /// <summary>
    /// Asks the model. Returns null when the model cannot answer this kind of question (not a chat model), else a
    /// resolution whose <see cref="AutoResolution.Value"/> is null when the model was unreachable or gave no valid value.
    /// Must not throw for a model's failure; cancellation is thrown.
    /// </summary>
    ValueTask<AutoResolution?> ResolveAsync(AutoRequest request, CancellationToken cancellationToken = default);
}
