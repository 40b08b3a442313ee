using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Quality;
using Sluice.Server.Catalog;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/pipelines/{id}/quality</c>: per task that recorded quality scores, one SVG line chart per dimension or check over
/// the last runs (from the store's quality history), with the latest value and its change, and the failing-row samples
/// of the newest run that stored them (the task's bounded <c>failing_rows</c> output, <c>max_failing_rows</c> per check).
/// </summary>
internal static class QualityPage
{
    private const int Points = 50;
    private const int MaxCharts = 24;
    private const double Width = 360, Height = 120, Pad = 28;

    public static async Task<IResult> RenderAsync(string id, PipelineCatalog catalog, QualityHistory history, Sluice.State.IStateStore store, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } entry)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        var h = Layout.Begin(id + " quality");
        h.Raw("<h1>Quality of <a").Attr("href", "/pipelines/" + Uri.EscapeDataString(id)).Raw(">").Text(id).Raw("</a></h1>");
        var charts = 0;
        foreach (var task in entry.Active?.Definition.Tasks ?? [])
        {
            var trends = await history.GetTrendsAsync(id, task.Id, Points, cancellationToken).ConfigureAwait(false);
            if (trends.Count == 0)
            {
                continue;
            }
            h.Raw("<h2>").Text(task.Id).Raw("</h2><div class=\"charts\">");
            var recorded = new List<string>();
            foreach (var trend in trends.OrderBy(static t => t.Metric == "overall" ? 0 : 1).ThenBy(static t => t.Metric, StringComparer.Ordinal).Take(MaxCharts - charts))
            {
                var series = await history.GetSeriesAsync(id, task.Id, trend.Metric, Points, cancellationToken).ConfigureAwait(false);
                WriteChart(h, task.Id, trend, series);
                charts++;
                if (recorded.Count == 0)
                {
                    recorded.AddRange(series.Select(static p => p.RunId).Reverse());
                }
            }
            h.Raw("</div>");
            await FailingRowSamples.WriteAsync(h, task.Id, recorded, store, cancellationToken).ConfigureAwait(false);
        }
        if (charts == 0)
        {
            h.Raw("<p class=\"muted\">No quality scores recorded yet: tasks with <code>analyze_data_quality</code> record them on every run.</p>");
        }
        return Layout.End(h);
    }

    private static void WriteChart(Html h, string task, QualityTrend trend, IReadOnlyList<QualityPoint> series)
    {
        var min = Math.Min(0, series.Min(static p => p.Value));
        var max = Math.Max(series.Max(static p => p.Value), min + 1e-9);
        // Scores are fractions; keep the 0–1 scale when they fit so that charts compare at a glance.
        if (max <= 1)
        {
            max = 1;
        }
        h.Raw("<figure class=\"chart\"").Attr("data-task", task).Attr("data-metric", trend.Metric).Raw("><figcaption>").Text(trend.Metric).Raw(": <strong>")
            .Text(Format(trend.Latest)).Raw("</strong>").Text(trend.Change is { } c ? $" ({(c >= 0 ? "+" : "")}{Format(c)})" : "").Raw("</figcaption>");
        h.Raw("<svg class=\"trend\" role=\"img\"").Num("width", Width).Num("height", Height).Attr("viewBox", $"0 0 {Width} {Height}").Raw(">");
        h.Raw("<line class=\"axis\"").Num("x1", Pad).Num("y1", Height - Pad / 2).Num("x2", Width - 4).Num("y2", Height - Pad / 2).Raw("/>");
        h.Raw("<text").Num("x", 2).Num("y", 10).Raw(">").Text(Format(max)).Raw("</text><text").Num("x", 2).Num("y", Height - (Pad / 2)).Raw(">").Text(Format(min)).Raw("</text>");
        var points = new System.Text.StringBuilder();
        for (var i = 0; i < series.Count; i++)
        {
            var (x, y) = Position(i, series.Count, series[i].Value, min, max);
            points.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ');
        }
        h.Raw("<polyline").Attr("points", points.ToString().TrimEnd()).Raw("/>");
        for (var i = 0; i < series.Count; i++)
        {
            var (x, y) = Position(i, series.Count, series[i].Value, min, max);
            h.Raw("<a").Attr("href", "/runs/" + Uri.EscapeDataString(series[i].RunId)).Raw("><circle r=\"3\"").Num("cx", x).Num("cy", y).Raw("><title>")
                .Text($"{series[i].RunId}: {Format(series[i].Value)}").Raw("</title></circle></a>");
        }
        h.Raw("</svg></figure>");
    }

    private static (double X, double Y) Position(int i, int count, double value, double min, double max)
    {
        var x = Pad + (count == 1 ? 0 : i * (Width - Pad - 10) / (count - 1));
        var y = 8 + ((Height - Pad / 2 - 8) * (1 - ((value - min) / (max - min))));
        return (x, y);
    }

    private static string Format(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
