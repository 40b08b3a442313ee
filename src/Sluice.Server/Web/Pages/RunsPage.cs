using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary><c>/runs</c>: run history with filters and keyset paging (one indexed query per page).</summary>
internal static class RunsPage
{
    private const int PageSize = 50;

    public static async Task<IResult> RenderAsync(string? pipeline, string? state, string? before, IStateStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var h = Layout.Begin("Runs");
        h.Raw("<h1>Runs</h1><form class=\"filters\" method=\"get\" action=\"/runs\"><label>Pipeline <input name=\"pipeline\"").Attr("value", pipeline)
            .Raw("></label> <label>State <select name=\"state\"><option value=\"\">any</option>");
        foreach (var s in new[] { "queued", "running", "succeeded", "failed", "cancelled", "skipped" })
        {
            h.Raw("<option").Attr("value", s).Raw(s == state ? " selected" : "").Raw(">").Text(s).Raw("</option>");
        }
        h.Raw("</select></label> <button type=\"submit\">Filter</button></form>");
        if (RunEndpoints.TryParseQuery(pipeline, state, null, before, out var query) is not null)
        {
            h.Raw("<p class=\"error\">Unknown state '").Text(state).Raw("'.</p>");
            return Layout.End(h);
        }
        var rows = await store.ListRunsAsync(query with { Limit = PageSize + 1 }, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(PageSize).ToList();
        WriteTable(h, page, options.Time.GetUtcNow());
        if (rows.Count > PageSize)
        {
            var next = $"/runs?before={Uri.EscapeDataString(page[^1].RunId)}"
                + (string.IsNullOrEmpty(pipeline) ? "" : "&pipeline=" + Uri.EscapeDataString(pipeline))
                + (string.IsNullOrEmpty(state) ? "" : "&state=" + Uri.EscapeDataString(state));
            h.Raw("<p><a class=\"older\"").Attr("href", next).Raw(">Older runs →</a></p>");
        }
        return Layout.End(h);
    }

    /// <summary>
    /// The run list: trigger, created, started, ended and duration each in a column (a run still going counts its duration
    /// up to <paramref name="now"/>).
    /// </summary>
    public static void WriteTable(Html h, IReadOnlyList<RunRecord> runs, DateTimeOffset now)
    {
        if (runs.Count == 0)
        {
            h.Raw("<p class=\"muted\">No runs.</p>");
            return;
        }
        h.Raw("<table class=\"grid runs\"><thead><tr><th>Run</th><th>Pipeline</th><th>State</th><th>Trigger</th><th>Created</th><th>Started</th><th>Ended</th><th class=\"num\">Duration</th><th>Error</th></tr></thead><tbody>");
        foreach (var r in runs)
        {
            h.Raw("<tr").Attr("data-run", r.RunId).Raw("><td><a").Attr("href", "/runs/" + Uri.EscapeDataString(r.RunId)).Raw(">").Text(r.RunId).Raw("</a></td><td><a")
                .Attr("href", "/pipelines/" + Uri.EscapeDataString(r.PipelineId)).Raw(">").Text(r.PipelineId).Raw("</a></td><td>").Badge(r.State.ToName())
                .Raw("</td><td class=\"trigger\">").Text(r.Trigger).Raw("</td><td class=\"created\">").Text(Layout.Time(r.CreatedAt)).Raw("</td><td class=\"started\">")
                .Text(Layout.Time(r.StartedAt)).Raw("</td><td class=\"ended\">").Text(Layout.Time(r.EndedAt)).Raw("</td><td class=\"duration num\">")
                .Text(r.StartedAt is null || (r.EndedAt is null && r.State.IsFinal()) ? "" : Layout.Duration(r.StartedAt, r.EndedAt, now))
                .Raw("</td><td class=\"error-cell\">").Short(r.Error, 120).Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
    }
}
