using Microsoft.AspNetCore.Http;
using Sluice.Lineage;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/lineage?run=ID</c> or <c>/lineage?dataset=PATH</c>: the datasets a run (or a dataset's producers and consumers)
/// read and wrote, who produced and read each, and for a written dataset the input columns of each column (on click).
/// </summary>
internal static class LineagePage
{
    public static async Task<IResult> RenderAsync(string? run, string? dataset, IStateStore store, CancellationToken cancellationToken)
    {
        var h = Layout.Begin("Lineage");
        LineageGraph graph;
        if (!string.IsNullOrEmpty(run))
        {
            h.Raw("<h1>Lineage of run <a").Attr("href", "/runs/" + Uri.EscapeDataString(run)).Raw(">").Text(run).Raw("</a></h1>");
            graph = await LineageGraph.ForRunAsync(store, run, cancellationToken).ConfigureAwait(false);
        }
        else if (!string.IsNullOrEmpty(dataset))
        {
            h.Raw("<h1>Lineage of ").Text(dataset).Raw("</h1>");
            graph = await LineageGraph.ForDatasetAsync(store, dataset, upstream: true, downstream: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            h.Raw("<h1>Lineage</h1><form method=\"get\" action=\"/lineage\"><label>Dataset <input name=\"dataset\" size=\"60\"></label> <button type=\"submit\">Show</button></form>");
            return Layout.End(h);
        }

        if (graph.Datasets.Count == 0)
        {
            h.Raw("<p class=\"muted\">No lineage recorded.</p>");
            return Layout.End(h);
        }

        h.Raw("<table class=\"grid lineage\"><thead><tr><th>Dataset</th><th>Format</th><th>Rows</th><th>Produced by</th><th>Read by</th><th>Columns</th></tr></thead><tbody>");
        foreach (var (id, d) in graph.Datasets.OrderBy(static d => d.Key, StringComparer.Ordinal))
        {
            h.Raw("<tr><td><a").Attr("href", "/lineage?dataset=" + Uri.EscapeDataString(id)).Raw(">").Text(id).Raw("</a>");
            if (d.Fingerprint is { } fp)
            {
                h.Raw("<div class=\"muted\">").Text(Html.Shorten(fp, 24)).Raw("</div>");
            }

            h.Raw("</td><td>").Text(d.Format).Raw("</td><td>").Text(d.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Raw("</td><td>");
            Tasks(h, graph, graph.Edges.Where(e => e.To == id).Select(static e => e.From));
            h.Raw("</td><td>");
            Tasks(h, graph, graph.Edges.Where(e => e.From == id).Select(static e => e.To));
            h.Raw("</td><td>");
            if (d.Columns.Count > 0)
            {
                h.Raw("<details><summary>").Text($"{d.Columns.Count} column(s)").Raw("</summary><table class=\"grid\"><tbody>");
                foreach (var (column, _) in d.Columns)
                {
                    h.Raw("<tr><td>").Text(column).Raw("</td><td>");
                    foreach (var o in graph.TraceColumn(id, column))
                    {
                        h.Raw("<div>").Text($"{Path.GetFileName(o.Dataset)}.{o.Column}").Raw(" <span class=\"muted\">").Text(o.Transformation).Raw("</span></div>");
                    }

                    h.Raw("</td></tr>");
                }

                h.Raw("</tbody></table></details>");
            }

            h.Raw("</td></tr>");
        }

        h.Raw("</tbody></table>");
        return Layout.End(h);
    }

    private static void Tasks(Html h, LineageGraph graph, IEnumerable<string> nodes)
    {
        foreach (var node in nodes)
        {
            if (graph.Tasks.TryGetValue(node, out var t))
            {
                h.Raw("<div><a").Attr("href", "/runs/" + Uri.EscapeDataString(t.RunId)).Raw(">").Text(t.TaskId + (t.MapIndex >= 0 ? $"[{t.MapIndex}]" : "")).Raw("</a> <span class=\"muted\">")
                    .Text(t.RunId).Raw("</span></div>");
            }
        }
    }
}
