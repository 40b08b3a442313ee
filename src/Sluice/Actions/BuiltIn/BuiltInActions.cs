namespace Sluice.Actions.BuiltIn;

/// <summary>
/// Registers the built-in actions of the core: <c>noop</c>, <c>shell</c>, <c>http_request</c> and <c>pipeline</c>.
/// The data actions (<c>sql</c>, <c>ingest_from_sources</c>, ...) live in Sluice.DataActions and register themselves.
/// </summary>
public static class BuiltInActions
{
    /// <summary>A registry with every built-in action.</summary>
    public static ActionRegistry CreateRegistry() => Register(new ActionRegistry());

    /// <summary>Adds the built-in actions to <paramref name="registry"/>.</summary>
    public static ActionRegistry Register(ActionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register(new NoopAction())
            .Register(new ShellAction())
            .Register(new HttpRequestAction())
            .Register(new SubPipeline.PipelineAction(registry));
    }
}
