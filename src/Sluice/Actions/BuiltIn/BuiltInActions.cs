namespace Sluice.Actions.BuiltIn;

/// <summary>Registers the built-in actions.</summary>
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
            .Register(new DataActions.Scan.ScanDataSourcesAction())
            .Register(new DataActions.Ingest.IngestFromSourcesAction())
            .Register(new DataActions.Clean.CleanAndStandardizeAction())
            .Register(new DataActions.Transform.ApplyTransformationsAction())
            .Register(new DataActions.Export.ExportToTargetsAction());
    }
}
