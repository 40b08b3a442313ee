using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Catalog;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/pipelines/{id}/grid</c>: the last runs (columns, oldest left) × the tasks (rows), each cell coloured by the task's
/// state in that run, like Airflow's grid. A cell is one small element (no per-cell link, which would make a grid of
/// 1,000 tasks several megabytes); <c>console.js</c> opens the run page at that task when a cell is clicked.
/// </summary>
internal static class GridPage
{
    public const int DefaultRuns = 25;
    public const int MaxRuns = 100;

    public static async Task<IResult> RenderAsync(string id, string? runs, PipelineCatalog catalog, IStateStore store, GridCells cells, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } entry)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        var n = int.TryParse(runs, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? Math.Clamp(parsed, 1, MaxRuns) : DefaultRuns;
        var recent = await store.ListRunsAsync(new RunQuery(PipelineId: id, Limit: n), cancellationToken).ConfigureAwait(false);
        var columns = recent.Reverse().ToList();
        var states = await cells.GetAsync(store, columns, cancellationToken).ConfigureAwait(false);
        // The active definition's tasks in their order, then tasks only older versions had.
        var tasks = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in entry.Active?.Definition.Tasks.Select(static t => t.Id) ?? [])
        {
            if (seen.Add(t))
            {
                tasks.Add(t);
            }
        }
        foreach (var t in states.SelectMany(static m => m.Keys))
        {
            if (seen.Add(t))
            {
                tasks.Add(t);
            }
        }
        var h = new Html(64 * 1024 + (tasks.Count * columns.Count * 24));
        h = Layout.Begin(id + " grid", h);
        h.Raw("<h1>Grid of <a").Attr("href", "/pipelines/" + Uri.EscapeDataString(id)).Raw(">").Text(id).Raw("</a></h1><p class=\"muted\">Last ").Text(columns.Count)
            .Raw(" runs (oldest left) × ").Text(tasks.Count).Raw(" tasks. Show <a").Attr("href", $"?runs={DefaultRuns}").Raw(">25</a> · <a href=\"?runs=50\">50</a> · <a")
            .Attr("href", $"?runs={MaxRuns}").Raw(">100</a>. Click a cell for the task in that run.</p>");
        var legend = Enum.GetValues<TaskState>();
        h.Raw("<div class=\"legend\">");
        foreach (var state in legend)
        {
            h.Badge(state.ToName()).Raw(" ");
        }
        h.Raw("</div><div class=\"dag-scroll\"><table class=\"run-grid\" id=\"run-grid\"><thead><tr><th></th>");
        foreach (var run in columns)
        {
            h.Raw("<th class=\"run\"").Attr("data-run", run.RunId).Raw("><a").Attr("class", "st-" + run.State.ToName()).Attr("href", "/runs/" + Uri.EscapeDataString(run.RunId))
                .Attr("title", $"{run.RunId} · {run.State.ToName()} · {run.Trigger} · {Layout.Time(run.CreatedAt)}").Raw("></a></th>");
        }
        h.Raw("</tr></thead><tbody>");
        foreach (var task in tasks)
        {
            h.Raw("<tr").Attr("data-task", task).Raw("><th class=\"task\">").Text(task).Raw("</th>");
            foreach (var m in states)
            {
                h.Raw(m.TryGetValue(task, out var st) ? CellMarkup[(int)st] : "<td class=none>");
            }
            h.Raw("</tr>");
        }
        h.Raw("</tbody></table></div>");
        return Layout.End(h);
    }

    // One string per state, built once: the grid's cells are the bulk of the page, so they are written as short as HTML
    // allows (an unquoted class, no end tag: a cell ends at the next cell or the row's end).
    private static readonly string[] CellMarkup = [.. Enum.GetValues<TaskState>().Select(static s => $"<td class=st-{s.ToName()}>")];
}
