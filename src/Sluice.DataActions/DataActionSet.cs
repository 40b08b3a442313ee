using Sluice.Actions;
using Sluice.DataActions.Anomalies;
using Sluice.DataActions.Clean;
using Sluice.DataActions.Export;
using Sluice.DataActions.Features;
using Sluice.DataActions.Ingest;
using Sluice.DataActions.IO;
using Sluice.DataActions.Quality;
using Sluice.DataActions.Scan;
using Sluice.DataActions.Sql;
using Sluice.DataActions.Transform;
using Sluice.Files;
using Sluice.Quality;

namespace Sluice.DataActions;

/// <summary>
/// Adds the data actions to a registry: <c>sql</c>, <c>scan_data_sources</c>, <c>ingest_from_sources</c>,
/// <c>clean_and_standardize</c>, <c>apply_transformations</c>, <c>export_to_targets</c>, <c>run_anomaly_detection</c>,
/// <c>engineer_features</c>, <c>validate_data_schema</c> and <c>analyze_data_quality</c>. Every one derives from
/// <see cref="DataAction"/>, so a data engine error keeps its transient flag on every engine.
/// </summary>
public static class DataActionSet
{
    /// <summary>
    /// Registers the data actions in <paramref name="registry"/> (replacing actions of the same names). They read and write
    /// database tables through <paramref name="tables"/>; providers registered there later (as
    /// <c>PostgresActions.Register</c> does) are seen too.
    /// </summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="tables">The database table providers of this composition; empty for files only.</param>
    /// <param name="qualityHistory">Where <c>analyze_data_quality</c> records scores for trends, or null for no history. The default is null.</param>
    /// <param name="storage">Where datasets in object stores (<c>s3://</c>) are fetched from; null (the default) reads local files only.</param>
    /// <returns><paramref name="registry"/>.</returns>
    public static ActionRegistry Register(ActionRegistry registry, TableProviders tables, QualityHistory? qualityHistory = null, FileStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tables);
        var reader = new DatasetReader(tables, storage);
        return registry
            .Register(new SqlAction(reader: reader))
            .Register(new ScanDataSourcesAction())
            .Register(new IngestFromSourcesAction(reader))
            .Register(new CleanAndStandardizeAction(reader))
            .Register(new ApplyTransformationsAction(reader))
            .Register(new ExportToTargetsAction(reader))
            .Register(new RunAnomalyDetectionAction(reader))
            .Register(new EngineerFeaturesAction(reader))
            .Register(new ValidateDataSchemaAction(reader))
            .Register(new AnalyzeDataQualityAction(reader, qualityHistory));
    }

    /// <summary>
    /// Gives the <c>analyze_data_quality</c> action of <paramref name="registry"/> a store's <paramref name="history"/>
    /// (<c>SluiceStore.QualityHistory</c>), so trends (latest, change, average) are computed and stored per run. Does
    /// nothing when <paramref name="registry"/> has no data actions.
    /// </summary>
    public static ActionRegistry WithQualityHistory(ActionRegistry registry, QualityHistory history)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(history);
        if (registry.Find(AnalyzeDataQualityAction.Name) is AnalyzeDataQualityAction analyze)
        {
            registry.Register(analyze.WithHistory(history));
        }
        return registry;
    }
}
