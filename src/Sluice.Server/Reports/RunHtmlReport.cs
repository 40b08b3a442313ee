using System.Globalization;
using System.Text.Json;
using Sluice.Actions;
using Sluice.DataActions.Reporting;
using Sluice.Server.Catalog;
using Sluice.Server.Runs;
using Sluice.Server.Web;
using Sluice.Server.Web.Dag;
using Sluice.State;

namespace Sluice.Server.Reports;

/// <summary>
/// One run as a single self-contained HTML file (<c>sluice report RUN --html</c>): the DAG and the Gantt chart of every
/// attempt (the web UI's own SVG), per task its state, rows in and out (from lineage), resource usage, quality scores
/// with a bar chart, anomalies, and language-model tokens and cost. Styles are inlined and nothing is fetched, so the
/// file opens offline and can be attached to a ticket.
/// </summary>
public static class RunHtmlReport
{
    /// <summary>The report of <paramref name="runId"/>, or null when the store has no such run.</summary>
    public static async Task<string?> BuildAsync(IStateStore store, string runId, ActionRegistry actions, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }
        var definition = await new DefinitionCache(store, actions).GetAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        var tasks = TaskAggregator.Aggregate(definition, await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false));
        var attempts = await store.GetAttemptsAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var lineage = await store.GetLineageAsync(new Lineage.LineageQuery(RunId: runId), cancellationToken).ConfigureAwait(false);
        var models = await RunModelActivity.ReadAsync(store, runId, cancellationToken).ConfigureAwait(false);
        var processing = await ProcessingReport.BuildAsync(store, runId, time, models, cancellationToken).ConfigureAwait(false);

        var h = new Html();
        h.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Text($"{run.PipelineId} · {run.RunId}")
            .Raw("</title><style>").Raw(Css()).Raw(ReportCss).Raw("</style></head><body><main class=\"report\">");
        h.Raw("<h1>").Text(run.PipelineId).Raw(" <small>").Text(run.RunId).Raw("</small></h1><p class=\"meta\"><span class=\"state state-")
            .Text(run.State.ToName()).Raw("\">").Text(run.State.ToName()).Raw("</span> · trigger ").Text(run.Trigger)
            .Raw(" · started ").Text(Time(run.StartedAt)).Raw(" · ended ").Text(Time(run.EndedAt)).Raw("</p>");
        if (run.Error is not null)
        {
            h.Raw("<pre class=\"error\">").Text(run.Error).Raw("</pre>");
        }
        if (processing is not null)
        {
            h.Raw("<p class=\"summary\">").Text($"{processing.RecordsProcessed} records processed, {processing.RecordsFailed} failed")
                .Text(processing.RecordsExported is { } exported ? $", {exported} exported" : "")
                .Text(processing.QualityScore is { } q ? string.Create(CultureInfo.InvariantCulture, $", quality score {q:0.##}") : "")
                .Text(processing.Anomalies is { } a ? string.Create(CultureInfo.InvariantCulture, $", {a} anomalies ({processing.AnomalyPercent:0.##}%)") : "")
                .Raw("</p>");
        }

        h.Raw("<h2>Graph</h2>");
        DagSvg.Write(h, tasks, static t => "#task-" + t.Id);
        h.Raw("<h2>Timeline</h2>");
        GanttSvg.Write(h, tasks, attempts, run.EndedAt ?? time.GetUtcNow());

        h.Raw("<h2>Tasks</h2><table class=\"tasks\"><thead><tr><th>task</th><th>state</th><th>attempts</th><th>duration</th><th>rows in</th><th>rows out</th><th>cpu</th><th>peak memory</th><th>read</th><th>written</th></tr></thead><tbody>");
        foreach (var t in tasks)
        {
            // Rows out: the datasets the task returned; rows in: what lineage recorded it read (blank when not known).
            var reads = lineage.Where(l => l.TaskId == t.Id && l.Direction == Lineage.LineageDirection.Read && l.Rows is not null).ToList();
            var rowsIn = reads.Count == 0 ? "" : reads.Sum(static l => l.Rows!.Value).ToString(CultureInfo.InvariantCulture);
            var rowsOut = RowsOut(t.OutputsJson) is { } n ? n.ToString(CultureInfo.InvariantCulture) : "";
            var usage = ResourceUsage.Total(attempts.Where(a => a.TaskId == t.Id).Select(static a => a.Usage));
            h.Raw("<tr").Attr("id", "task-" + t.Id).Raw("><td>").Text(t.Id).Raw("</td><td><span class=\"state state-").Text(t.State.ToName()).Raw("\">")
                .Text(t.State.ToName()).Raw("</span></td><td>").Text(t.Attempts).Raw("</td><td>")
                .Text(t.StartedAt is { } s && t.EndedAt is { } e ? string.Create(CultureInfo.InvariantCulture, $"{(e - s).TotalSeconds:0.000} s") : "")
                .Raw("</td><td>").Text(rowsIn).Raw("</td><td>").Text(rowsOut).Raw("</td><td>")
                .Text(usage is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{usage.CpuTime.TotalSeconds:0.000} s")).Raw("</td><td>")
                .Text(usage is null ? "" : Bytes(usage.PeakMemoryBytes)).Raw("</td><td>").Text(usage is null ? "" : Bytes(usage.BytesRead)).Raw("</td><td>")
                .Text(usage is null ? "" : Bytes(usage.BytesWritten)).Raw("</td></tr>");
            if (t.Error is not null)
            {
                h.Raw("<tr class=\"task-error\"><td colspan=\"10\"><pre>").Text(t.Error).Raw("</pre></td></tr>");
            }
        }
        h.Raw("</tbody></table>");

        WriteQuality(h, tasks);
        if (models.ByModel.Count > 0)
        {
            h.Raw("<h2>Language models</h2><table><thead><tr><th>model</th><th>requests</th><th>cached</th><th>failed</th><th>input tokens</th><th>output tokens</th><th>cost</th></tr></thead><tbody>");
            foreach (var (model, u) in models.ByModel)
            {
                h.Raw("<tr><td>").Text(model).Raw("</td><td>").Text(u.Requests).Raw("</td><td>").Text(u.Cached).Raw("</td><td>").Text(u.Failed)
                    .Raw("</td><td>").Text(u.InputTokens).Raw("</td><td>").Text(u.OutputTokens).Raw("</td><td>")
                    .Text(u.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "").Raw("</td></tr>");
            }
            h.Raw("</tbody></table>");
        }
        h.Raw("<p class=\"foot\">Resource usage: see docs/execution.md, \"Resource usage\", for what the numbers mean.</p></main></body></html>\n");
        return h.ToString();
    }

    /// <summary>Per task with <c>quality_scores</c> (from <c>analyze_data_quality</c>): a bar per dimension, 0 to 1.</summary>
    private static void WriteQuality(Html h, IReadOnlyList<TaskView> tasks)
    {
        var first = true;
        foreach (var t in tasks)
        {
            if (t.OutputsJson is not { Length: > 0 } json)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("quality_scores", out var scores) || scores.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var bars = scores.EnumerateObject().Where(static p => p.Value.ValueKind == JsonValueKind.Number).Select(static p => (p.Name, Score: p.Value.GetDouble())).ToList();
            if (bars.Count == 0)
            {
                continue;
            }
            if (first)
            {
                h.Raw("<h2>Quality</h2>");
                first = false;
            }
            const int Label = 140, Width = 320, Bar = 18, Gap = 6;
            var scale = bars.Max(static b => b.Score) > 1 ? 100.0 : 1.0;
            h.Raw("<h3>").Text(t.Id).Raw("</h3><svg class=\"chart quality\" xmlns=\"http://www.w3.org/2000/svg\"").Num("width", Label + Width + 60)
                .Num("height", bars.Count * (Bar + Gap) + Gap).Raw(" role=\"img\" aria-label=\"Quality scores\">");
            for (var i = 0; i < bars.Count; i++)
            {
                var (name, score) = bars[i];
                var y = Gap + i * (Bar + Gap);
                var w = Math.Clamp(score / scale, 0, 1) * Width;
                h.Raw("<text").Num("x", 0).Num("y", y + Bar - 5).Raw(">").Text(name).Raw("</text><rect class=\"bar").Raw(score / scale >= 0.9 ? " good" : score / scale >= 0.7 ? " fair" : " poor")
                    .Raw("\"").Num("x", Label).Num("y", y).Num("width", w).Num("height", Bar).Raw("><title>").Text($"{name}: {score.ToString("0.###", CultureInfo.InvariantCulture)}")
                    .Raw("</title></rect><text").Num("x", Label + w + 6).Num("y", y + Bar - 5).Raw(">").Text(score.ToString("0.###", CultureInfo.InvariantCulture)).Raw("</text>");
            }
            h.Raw("</svg>");
        }
    }

    private static string Css()
    {
        using var stream = typeof(RunHtmlReport).Assembly.GetManifestResourceStream("Sluice.Server.Assets.site.css");
        if (stream is null)
        {
            return "";
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private const string ReportCss = """

        .report { max-width: 1200px; margin: 0 auto; padding: 1rem; }
        .chart.quality rect.bar.good { fill: #1a7f37; } .chart.quality rect.bar.fair { fill: #bf8700; } .chart.quality rect.bar.poor { fill: #cf222e; }
        .chart text { font: 12px sans-serif; fill: currentColor; }
        table.tasks td, table.tasks th { padding: 2px 8px; text-align: left; }
        """;

    private static long? RowsOut(string? outputsJson)
    {
        if (outputsJson is not { Length: > 0 })
        {
            return null;
        }
        using var doc = JsonDocument.Parse(outputsJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        long? rows = null;
        foreach (var output in doc.RootElement.EnumerateObject())
        {
            if (Datasets.DatasetRef.IsTagged(output.Value) && Datasets.DatasetRef.FromJson(output.Value).Rows is { } n)
            {
                rows = (rows ?? 0) + n;
            }
        }
        return rows;
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "";

    private static string Bytes(long n) => n switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{n} B"),
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / 1024.0:0.0} KiB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / 1048576.0:0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n / 1073741824.0:0.00} GiB"),
    };
}
