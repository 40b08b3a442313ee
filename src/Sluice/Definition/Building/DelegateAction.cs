using Sluice.Actions;

namespace Sluice.Definition.Building;

/// <summary>
/// An action backed by a C# delegate, created by <see cref="PipelineBuilder"/> for tasks written as code.
/// It accepts any parameters and any outputs: the returned dictionary becomes the task's outputs.
/// </summary>
public sealed class DelegateAction : IAction
{
    private readonly Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> _run;

    /// <summary>Creates an action named <paramref name="name"/> (the builder uses <c>csharp:&lt;taskId&gt;</c>).</summary>
    public DelegateAction(string name, Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> run, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        Descriptor = new ActionDescriptor(name, description ?? $"C# delegate {run.Method.Name}", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);
    }

    /// <summary>Creates an action from a delegate that produces no outputs.</summary>
    public DelegateAction(string name, Func<ActionContext, CancellationToken, Task> run, string? description = null)
        : this(name, Wrap(run), description ?? $"C# delegate {run?.Method.Name}")
    {
    }

    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; }

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var outputs = await _run(context, cancellationToken).ConfigureAwait(false);
        return outputs is null ? ActionResult.Empty : new ActionResult(outputs);
    }

    private static Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> Wrap(Func<ActionContext, CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return async (context, cancellationToken) =>
        {
            await run(context, cancellationToken).ConfigureAwait(false);
            return null;
        };
    }
}
