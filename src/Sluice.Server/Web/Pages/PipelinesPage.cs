using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;
using Sluice.Server.Catalog;
using Sluice.Server.Scheduling;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary><c>/</c>: every served pipeline with its triggers, validation errors and last runs.</summary>
internal static class PipelinesPage
{
    public static async Task<IResult> RenderAsync(PipelineCatalog catalog, IStateStore store, ScheduleHost schedule, CancellationToken cancellationToken)
    {
        var entries = catalog.All;
        var runs = await RecentRuns.ByPipelineAsync(store, entries.Select(static e => e.Id), 8, cancellationToken).ConfigureAwait(false);
        var h = Layout.Begin("Pipelines");
        h.Raw("<h1>Pipelines</h1><p class=\"muted\">Served from <code>").Text(catalog.Directory).Raw("</code>; files are reloaded when they change.</p>");
        if (entries.Count == 0)
        {
            h.Raw("<p>No pipeline files (*.yaml, *.yml) in the folder yet.</p>");
        }
        h.Raw("<table class=\"grid\"><thead><tr><th>Pipeline</th><th>Schedule</th><th>Status</th><th>Last runs</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            h.Raw("<tr").Attr("data-pipeline", e.Id).Raw("><td><a").Attr("href", "/pipelines/" + Uri.EscapeDataString(e.Id)).Raw(">").Text(e.Id).Raw("</a>");
            if (e.Active?.Definition.Name is { } name && name != e.Id)
            {
                h.Raw("<div class=\"muted\">").Text(name).Raw("</div>");
            }
            h.Raw("<div class=\"muted small\">").Text(Path.GetFileName(e.FilePath)).Raw("</div></td><td>");
            foreach (var t in TriggerSummary.Describe(e.Active?.Definition))
            {
                h.Raw("<div>").Text(t).Raw("</div>");
            }
            if (schedule.NextFire(e.Id) is { } next)
            {
                h.Raw("<div class=\"muted small\" data-next-fire>next: <time").Attr("datetime", next.ToString("O", CultureInfo.InvariantCulture)).Raw(">")
                    .Text(Layout.Time(next)).Raw("</time></div>");
            }
            h.Raw("</td><td>");
            PipelinePage.WriteStatus(h, e);
            h.Raw("</td><td class=\"runs-strip\">");
            foreach (var r in runs.GetValueOrDefault(e.Id, []))
            {
                h.Raw("<a").Attr("href", "/runs/" + Uri.EscapeDataString(r.RunId)).Attr("title", r.RunId + " " + r.State.ToName()).Raw(">").Badge(r.State.ToName()).Raw("</a> ");
            }
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
        return Layout.End(h);
    }
}
