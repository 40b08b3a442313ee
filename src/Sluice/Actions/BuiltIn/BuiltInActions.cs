namespace Sluice.Actions.BuiltIn;

/// <summary>Registers the built-in actions.</summary>
public static class BuiltInActions
{
    /// <summary>A registry with every built-in action.</summary>
    public static ActionRegistry CreateRegistry() => Register(new ActionRegistry());

    /// <summary>
    /// Gives <c>analyze_data_quality</c> the store's <paramref name="history"/> (<c>SluiceStore.QualityHistory</c>),
    /// so trends (latest, change, average) are computed and stored per run.
    /// </summary>
    public static ActionRegistry WithQualityHistory(ActionRegistry registry, Quality.QualityHistory history)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(history);
        return registry.Register(new DataActions.Quality.AnalyzeDataQualityAction(DataActions.Quality.DatasetReaderOpener.Instance, history));
    }

    /// <summary>Adds the built-in actions to <paramref name="registry"/>.</summary>
    public static ActionRegistry Register(ActionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register(new NoopAction())
            .Register(new ShellAction())
            .Register(new HttpRequestAction())
            .Register(new SubPipeline.PipelineAction(registry))
            .Register(new Sql.SqlAction())
            .Register(new DataActions.Scan.ScanDataSourcesAction())
            .Register(new DataActions.Ingest.IngestFromSourcesAction())
            .Register(new DataActions.Clean.CleanAndStandardizeAction())
            .Register(new DataActions.Transform.ApplyTransformationsAction())
            .Register(new DataActions.Export.ExportToTargetsAction())
            .Register(new DataActions.Anomalies.RunAnomalyDetectionAction())
            .Register(new DataActions.Features.EngineerFeaturesAction())
            .Register(new DataActions.Quality.ValidateDataSchemaAction(DataActions.Quality.DatasetReaderOpener.Instance))
            .Register(new DataActions.Quality.AnalyzeDataQualityAction(DataActions.Quality.DatasetReaderOpener.Instance));
    }
}
