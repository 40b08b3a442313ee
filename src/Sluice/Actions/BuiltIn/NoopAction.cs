namespace Sluice.Actions.BuiltIn;

/// <summary><c>noop</c>: does nothing and succeeds; returns its parameters as outputs (useful for wiring and tests).</summary>
public sealed class NoopAction : IAction
{
    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "noop",
        "Does nothing and succeeds. Any parameters given are returned as outputs of the same name.",
        [],
        [],
        AllowsExtraParameters: true,
        AllowsExtraOutputs: true);

    /// <inheritdoc />
    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.Parameters.Count == 0 ? ActionResult.Empty : new ActionResult(context.Parameters));
    }
}
