using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/runs/{id}/tasks/{task}/items</c>: the items of a <c>for_each</c> task — state, attempts and retries, times,
/// duration, error — filtered by state and paged by item index (one indexed query per page, so 10,000 items cost no more
/// than 100), with check boxes to clear the chosen items (and their downstream) once the run has ended.
/// </summary>
internal static class TaskItemsPage
{
    public static async Task<IResult> RenderAsync(string id, string task, string? state, string? after, IStateStore store, RunHost host, ServerOptions options, HttpContext context,
        Security.FormTokens tokens, Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return NotFoundPage.Render("Run", id);
        }
        var runPath = "/runs/" + Uri.EscapeDataString(id);
        var itemsPath = runPath + "/tasks/" + Uri.EscapeDataString(task) + "/items";
        var h = Layout.Begin($"{task} items · run {id}");
        h.Raw("<h1>Items of <code>").Text(task).Raw("</code></h1><p class=\"meta\">Run <a").Attr("href", runPath + "?task=" + Uri.EscapeDataString(task) + "#task-panel").Raw("><code>")
            .Text(id).Raw("</code></a> ").Badge(run.State.ToName()).Raw(" · pipeline ").Text(run.PipelineId).Raw("</p>");
        if (ItemEndpoints.TryParseQuery(id, task, state, after, null, out var query) is not null)
        {
            h.Raw("<p class=\"error\" id=\"refusal\">Unknown state or position: write a task state such as failed, and an item index.</p>");
            return Layout.End(h, status: StatusCodes.Status400BadRequest);
        }
        var (page, next) = await ItemEndpoints.ReadAsync(store, query, cancellationToken).ConfigureAwait(false);
        var total = page.Counts.Values.Sum();
        h.Raw("<p class=\"filters\" id=\"item-filters\">Show: <a").Attr("href", itemsPath).Attr("class", query.State is null ? "current" : null).Raw(">all ").Text(total).Raw("</a>");
        foreach (var (s, n) in page.Counts.OrderBy(static c => c.Key))
        {
            h.Raw(" · <a").Attr("href", itemsPath + "?state=" + s.ToName()).Attr("data-state", s.ToName()).Attr("class", query.State == s ? "current" : null).Raw(">")
                .Badge(s.ToName()).Raw(" ").Text(n).Raw("</a>");
        }
        h.Raw("</p>");
        if (total == 0)
        {
            h.Raw("<p class=\"muted\">This task has no items in this run (not a for_each task, or it has not expanded yet).</p>");
            return Layout.End(h);
        }
        var forms = new Forms(context, options, tokens, sessions);
        // Clearing needs a run that is not executing; the command refuses otherwise, so the form is only offered then.
        var canClear = forms.CanAct && run.State.IsFinal() && !host.IsExecuting(id) && host.QueuePosition(id) is null;
        if (canClear)
        {
            forms.Begin(h, runPath + "/clear", $"Clear the chosen items of {task}? They run again within this run.", "rework clear-items");
            h.Raw("<input type=\"hidden\" name=\"task\"").Attr("value", task).Raw("><input type=\"hidden\" name=\"back\"").Attr("value", itemsPath)
                .Raw("><input type=\"hidden\" name=\"items_required\" value=\"true\">");
        }
        var now = options.Time.GetUtcNow();
        h.Raw("<table class=\"grid items\" id=\"items\"><thead><tr>").Raw(canClear ? "<th><input type=\"checkbox\" data-select-all title=\"all items on this page\"></th>" : "")
            .Raw("<th>Item</th><th>State</th><th>Attempts</th><th>Retries</th><th>Started</th><th>Ended</th><th>Duration</th><th>Error</th></tr></thead><tbody>");
        foreach (var item in page.Items)
        {
            h.Raw("<tr").Attr("data-item", item.MapIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(">");
            if (canClear)
            {
                h.Raw("<td><input type=\"checkbox\" name=\"items\"").Attr("value", item.MapIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("></td>");
            }
            h.Raw("<td>").Text(item.MapIndex).Raw("</td><td class=\"state\">").Badge(item.State.ToName()).Raw("</td><td>").Text(item.Attempt).Raw("</td><td>")
                .Text(Math.Max(0, item.Attempt - 1)).Raw("</td><td>").Text(Layout.Time(item.StartedAt)).Raw("</td><td>").Text(Layout.Time(item.EndedAt))
                .Raw("</td><td>").Text(Layout.Duration(item.StartedAt, item.EndedAt, now)).Raw("</td><td class=\"why\">").Short(item.Error, 200).Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
        if (canClear)
        {
            h.Raw("<p><label><input type=\"checkbox\" name=\"downstream\" value=\"true\" checked> and everything downstream</label> ")
                .Raw("<button type=\"submit\" class=\"danger\" id=\"clear-items\">Clear chosen items and re-run</button></p></form>");
        }
        else if (!forms.CanAct)
        {
            h.Raw("<p class=\"muted\"><a").Attr("href", forms.SignInPath).Raw(">Sign in</a> to clear items.</p>");
        }
        var filter = query.State is { } st ? "state=" + st.ToName() + "&" : "";
        h.Raw("<p class=\"pager\">");
        if (query.AfterIndex >= 0)
        {
            h.Raw("<a id=\"first-page\"").Attr("href", itemsPath + (filter.Length > 0 ? "?" + filter.TrimEnd('&') : "")).Raw(">← First items</a> ");
        }
        if (next is { } n2)
        {
            h.Raw("<a id=\"next-page\"").Attr("href", itemsPath + "?" + filter + "after=" + n2.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(">Next ")
                .Text(query.Limit).Raw(" items →</a>");
        }
        h.Raw("</p>");
        return Layout.End(h);
    }
}
