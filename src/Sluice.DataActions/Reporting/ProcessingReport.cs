using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Datasets;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.DataActions.Reporting;

/// <summary>
/// The processing report of a data pipeline's run (seed 000's "Data Processing Complete" block), computed from the
/// run's stored task outputs, so it is the same for the embedded and the distributed engine, the CLI and the API.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="RecordsProcessed"/>: records read from the sources, from the first of these the run has: the rows
/// per source of <c>validate_data_schema</c> (<c>compatibility_report</c>), the rows of <c>ingest_from_sources</c>'
/// <c>raw_data</c> (when known), the rows into <c>clean_and_standardize</c> (<c>cleaning_report.rows_in</c>), else the
/// largest row count of any dataset output, quality report or anomaly detection.</item>
/// <item><see cref="RecordsFailed"/>: rows of every <c>quarantine</c> output (schema validation, ingestion, cleaning,
/// transformation, anomaly detection), not counting the failing-row samples of <c>analyze_data_quality</c>.</item>
/// <item><see cref="QualityScore"/>: the mean <c>overall</c> of the run's <c>quality_scores</c> outputs.</item>
/// <item><see cref="Anomalies"/> and <see cref="AnomalyPercent"/>: the flagged rows over the examined rows of the run's
/// <c>run_anomaly_detection</c> tasks.</item>
/// <item><see cref="OutputLocations"/>: every <c>export_locations</c> entry, then every <c>report_files</c> file.</item>
/// </list>
/// </remarks>
public sealed record ProcessingReport
{
    /// <summary>The file name the report is saved under in the run's artifact folder.</summary>
    public const string FileName = "processing_report.json";

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The pipeline.</summary>
    public required string PipelineId { get; init; }

    /// <summary>The run's state name.</summary>
    public required string State { get; init; }

    /// <summary>Records read from the sources.</summary>
    public long RecordsProcessed { get; init; }

    /// <summary>Records quarantined on the way.</summary>
    public long RecordsFailed { get; init; }

    /// <summary>Records written by the export tasks (null without any).</summary>
    public long? RecordsExported { get; init; }

    /// <summary>Seconds from the run's start to its end (or to now for a run still going), when it has started.</summary>
    public double? ProcessingSeconds { get; init; }

    /// <summary>The overall quality score in [0, 1], null when no task scored quality.</summary>
    public double? QualityScore { get; init; }

    /// <summary>Rows flagged as anomalies (null when no task detected anomalies).</summary>
    public long? Anomalies { get; init; }

    /// <summary>Rows examined for anomalies.</summary>
    public long? AnomalyRowsExamined { get; init; }

    /// <summary>Anomalies as a percentage of the examined rows.</summary>
    public double? AnomalyPercent => Anomalies is { } a && AnomalyRowsExamined is { } n ? n == 0 ? 0 : 100.0 * a / n : null;

    /// <summary>What the run's tasks spent on language models (requests, cached answers, failures, tokens); null when it used none.</summary>
    public ModelUsage? ModelUsage { get; init; }

    /// <summary>Files written: exports, then reports.</summary>
    public IReadOnlyList<string> OutputLocations { get; init; } = [];

    /// <summary>
    /// Builds the report of <paramref name="runId"/>, or returns null when the run is unknown or is not a data pipeline
    /// (no task output a dataset).
    /// </summary>
    public static Task<ProcessingReport?> BuildAsync(IStateStore store, string runId, TimeProvider time, CancellationToken cancellationToken = default) =>
        BuildAsync(store, runId, time, null, cancellationToken);

    /// <summary>
    /// As <see cref="BuildAsync(IStateStore, string, TimeProvider, CancellationToken)"/>, for a caller that has read the run's
    /// <paramref name="models"/> already, so the run's log is not read twice.
    /// </summary>
    public static async Task<ProcessingReport?> BuildAsync(
        IStateStore store, string runId, TimeProvider time, Sluice.State.RunModelActivity? models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var outputs = new List<IReadOnlyDictionary<string, object?>>();
        var byTask = new List<(string Task, IReadOnlyDictionary<string, object?> Outputs)>();
        foreach (var row in await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (row.OutputsJson is { } json)
            {
                using var doc = JsonDocument.Parse(json);
                if (ExprValues.FromJson(doc.RootElement) is IReadOnlyDictionary<string, object?> map)
                {
                    outputs.Add(map);
                    byTask.Add((row.TaskId, map));
                }
            }
        }

        var datasets = outputs.SelectMany(static o => o.Values).SelectMany(Flatten).OfType<DatasetRef>().ToList();
        if (datasets.Count == 0)
        {
            return null;
        }

        var validated = outputs.SelectMany(static o => o.GetValueOrDefault("compatibility_report") as IReadOnlyList<object?> ?? [])
            .OfType<IReadOnlyDictionary<string, object?>>().Select(static r => Long(r.GetValueOrDefault("rows"))).ToList();
        var ingested = outputs.Select(static o => o.GetValueOrDefault("raw_data")).OfType<DatasetRef>().ToList();
        var anomalyStats = outputs.Where(static o => o.ContainsKey("anomaly_scores")).Select(static o => o.GetValueOrDefault("stats")).OfType<IReadOnlyDictionary<string, object?>>().ToList();
        var cleaned = byTask.Where(static t => t.Outputs.GetValueOrDefault("cleaning_report") is IReadOnlyDictionary<string, object?>)
            .GroupBy(static t => t.Task).Select(static g => g.Sum(static t => Long(((IReadOnlyDictionary<string, object?>)t.Outputs["cleaning_report"]!).GetValueOrDefault("rows_in")))).ToList();
        var processed = validated.Count > 0 ? validated.Sum()
            : ingested.Count > 0 && ingested.TrueForAll(static d => d.Rows is not null) ? ingested.Sum(static d => d.Rows!.Value)
            : cleaned.Count > 0 ? cleaned.Max()
            : outputs.Select(static o => o.GetValueOrDefault("quality_report")).OfType<IReadOnlyDictionary<string, object?>>().Select(static r => Long(r.GetValueOrDefault("rows")))
                .Concat(anomalyStats.Select(static r => Long(r.GetValueOrDefault("rows"))))
                .Concat(datasets.Select(static d => d.Rows ?? 0)).Max();
        var failed = outputs.Where(static o => !o.ContainsKey("quality_scores")).Select(static o => o.GetValueOrDefault("quarantine")).OfType<DatasetRef>().Sum(static q => q.Rows ?? 0);
        var scores = outputs.Select(static o => o.GetValueOrDefault("quality_scores")).OfType<IReadOnlyDictionary<string, object?>>()
            .Select(static s => s.GetValueOrDefault("overall")).Where(static v => v is double or long).Select(static v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList();
        var exports = outputs.Where(static o => o.ContainsKey("export_locations")).ToList();
        var locations = exports.SelectMany(static o => o["export_locations"] as IReadOnlyList<object?> ?? []).OfType<string>()
            .Concat(outputs.Select(static o => o.GetValueOrDefault("report_files")).OfType<IReadOnlyDictionary<string, object?>>().SelectMany(static r => r.Values.OfType<string>()))
            .Distinct(StringComparer.Ordinal).ToList();
        DateTimeOffset? end = run.EndedAt ?? (run.StartedAt is null ? null : time.GetUtcNow());
        var usage = (models ?? await Sluice.State.RunModelActivity.ReadAsync(store, runId, cancellationToken).ConfigureAwait(false)).Usage;
        return new ProcessingReport
        {
            RunId = run.RunId,
            PipelineId = run.PipelineId,
            State = run.State.ToName(),
            RecordsProcessed = processed,
            RecordsFailed = failed,
            RecordsExported = exports.Count == 0 ? null : exports.Sum(static o => o.GetValueOrDefault("export_stats") is IReadOnlyDictionary<string, object?> s ? Long(s.GetValueOrDefault("rows")) : 0),
            ProcessingSeconds = run.StartedAt is { } start && end is { } e ? (e - start).TotalSeconds : null,
            QualityScore = scores.Count == 0 ? null : scores.Average(),
            Anomalies = anomalyStats.Count == 0 ? null : anomalyStats.Sum(static s => Long(s.GetValueOrDefault("anomalies"))),
            AnomalyRowsExamined = anomalyStats.Count == 0 ? null : anomalyStats.Sum(static s => Long(s.GetValueOrDefault("rows"))),
            OutputLocations = locations,
            ModelUsage = usage == Sluice.State.ModelUsage.None ? null : usage,
        };
    }

    /// <summary>Writes the report as a JSON object (snake_case names, the same in every surface).</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("run_id", RunId);
        writer.WriteString("pipeline_id", PipelineId);
        writer.WriteString("state", State);
        writer.WriteNumber("total_records_processed", RecordsProcessed);
        writer.WriteNumber("total_records_failed", RecordsFailed);
        WriteNumber(writer, "records_exported", RecordsExported);
        WriteNumber(writer, "processing_time_seconds", ProcessingSeconds);
        WriteNumber(writer, "data_quality_score", QualityScore);
        writer.WritePropertyName("anomalies");
        if (Anomalies is { } count)
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", count);
            writer.WriteNumber("rows_examined", AnomalyRowsExamined ?? 0);
            writer.WriteNumber("percentage", AnomalyPercent ?? 0);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("model_usage");
        if (ModelUsage is { } u)
        {
            u.WriteJson(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteStartArray("output_locations");
        foreach (var location in OutputLocations)
        {
            writer.WriteStringValue(location);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Saves the report as <see cref="FileName"/> in the run's folder under <paramref name="artifactRoot"/> and, when
    /// given, to <paramref name="extraPath"/> too; returns the full paths written.
    /// </summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be written.</exception>
    public async Task<IReadOnlyList<string>> SaveAsync(string artifactRoot, string? extraPath, CancellationToken cancellationToken = default)
    {
        var text = ToJson() + "\n";
        var paths = new List<string> { Path.GetFullPath(Path.Combine(artifactRoot, RunId, FileName)) };
        if (extraPath is not null)
        {
            paths.Add(Path.GetFullPath(extraPath));
        }

        foreach (var path in paths)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        }

        return paths;
    }

    /// <summary>The report as indented JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static IEnumerable<object?> Flatten(object? value) => value switch
    {
        IReadOnlyList<object?> list => list.SelectMany(Flatten),
        _ => [value],
    };

    private static long Long(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        _ => 0,
    };

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
