using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Runs;
using Sluice.Server.Web.Dag;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/runs/{id}</c>: the run's inputs and result, its DAG coloured by state, a task panel (state, attempts, error, log,
/// outputs) one click from each node, a Gantt chart and a task table. <c>run.js</c> polls the
/// tasks endpoint every second while the run is active, recolours nodes in place and redraws the timeline.
/// </summary>
internal static class RunPage
{
    // Relaxed escaping keeps non-ASCII text readable; the page HTML-escapes the JSON text anyway.
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<IResult> RenderAsync(string id, string? task, RunViews views, IStateStore store, ServerOptions options, HttpContext context,
        Security.FormTokens tokens, Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        var forms = new Forms(context, options, tokens, sessions);
        var s = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (s is null)
        {
            return NotFoundPage.Render("Run", id);
        }
        var run = s.Run;
        var now = options.Time.GetUtcNow();
        var active = !run.State.IsFinal() || s.IsLive || s.WaitingFor is not null;
        var h = Layout.Begin("Run " + run.RunId);
        h.Raw("<div id=\"run\"").Attr("data-run-id", run.RunId).Attr("data-active", active ? "true" : "false").Raw(">");
        h.Raw("<h1>Run <code>").Text(run.RunId).Raw("</code> <span id=\"run-state\">").Badge(run.State.ToName()).Raw("</span></h1>");
        h.Raw("<p class=\"meta\">Pipeline <a").Attr("href", "/pipelines/" + Uri.EscapeDataString(run.PipelineId)).Raw(">").Text(run.PipelineId).Raw("</a> · version <code>")
            .Text(run.VersionHash[..Math.Min(12, run.VersionHash.Length)]).Raw("</code> · trigger ").Text(run.Trigger)
            .Raw(" · created ").Text(Layout.Time(run.CreatedAt)).Raw(" · started ").Text(Layout.Time(run.StartedAt))
            .Raw(" · ended ").Text(Layout.Time(run.EndedAt)).Raw("</p>");
        if (run.Error is not null)
        {
            h.Raw("<p class=\"error\">").Text(run.Error).Raw("</p>");
        }
        SlaMissList.Write(h, s.SlaMisses);
        RunActions.WriteRunButtons(h, forms, run, active);
        h.Raw("<p id=\"run-waiting\" class=\"muted\">").Text(s.WaitingFor).Raw("</p>");
        h.Raw("<details><summary>Inputs</summary><pre>").Text(run.InputsJson).Raw("</pre></details>");
        WriteResult(h, run.ResultJson);
        if (s.Definition is null)
        {
            h.Raw("<p class=\"muted\">The definition of this run's version could not be loaded; dependencies are not drawn.</p>");
        }
        h.Raw("<section class=\"run-layout\"><div class=\"graph\"><h2>Graph <span class=\"muted small\">").Text(s.Tasks.Count).Raw(" tasks</span></h2>");
        WriteLegend(h);
        var runPath = "/runs/" + Uri.EscapeDataString(run.RunId);
        DagSvg.Write(h, s.Tasks, t => runPath + "?task=" + Uri.EscapeDataString(t.Id) + "#task-panel");
        h.Raw("</div><aside id=\"task-panel\" class=\"panel\">");
        var selected = task is null ? null : s.Tasks.FirstOrDefault(t => t.Id == task);
        if (selected is not null)
        {
            await TaskPanel.WriteAsync(h, run.RunId, selected, store, cancellationToken).ConfigureAwait(false);
            RunActions.WriteTaskForms(h, forms, run.RunId, selected, !active);
        }
        else
        {
            h.Raw("<p class=\"muted\">Click a task to see its state, attempts, error, log and outputs.</p>");
        }
        h.Raw("</aside></section><p><a").Attr("href", "/lineage?run=" + Uri.EscapeDataString(run.RunId)).Raw(">Datasets read and written (lineage) →</a></p><h2>Timeline</h2><div id=\"run-gantt\">");
        GanttSvg.Write(h, s.Tasks, await store.GetAttemptsAsync(run.RunId, cancellationToken: cancellationToken).ConfigureAwait(false), now);
        h.Raw("</div>");
        h.Raw("<h2>Tasks</h2><table class=\"grid tasks\"><thead><tr><th>Task</th><th>State</th><th>Attempts</th><th>Items</th><th>Started</th><th>Duration</th><th>Waiting for / error</th></tr></thead><tbody>");
        foreach (var t in s.Tasks)
        {
            h.Raw("<tr").Attr("data-task", t.Id).Raw("><td><a").Attr("href", runPath + "?task=" + Uri.EscapeDataString(t.Id) + "#task-panel").Raw(">").Short(t.Id, 60).Raw("</a></td><td class=\"state\">")
                .Badge(t.State.ToName()).Raw("</td><td>").Text(t.Attempts).Raw("</td><td>")
                .Text(t.Items is { } n ? $"{t.ItemsSucceeded}/{n}" + (t.ItemsFailed > 0 ? $" ({t.ItemsFailed} failed)" : "") : "")
                .Raw("</td><td>").Text(Layout.Time(t.StartedAt)).Raw("</td><td>").Text(Layout.Duration(t.StartedAt, t.EndedAt, now))
                .Raw("</td><td class=\"why\">").Short(t.Error ?? t.WaitingFor, 160).Raw("</td></tr>");
        }
        h.Raw("</tbody></table></div>");
        return Layout.End(h, "run.js");
    }

    /// <summary>The pipeline's stored <c>result</c>, indented; hidden until there is one (<c>run.js</c> fills it when a watched run ends).</summary>
    private static void WriteResult(Html h, string? resultJson)
    {
        h.Raw("<section id=\"run-result\"").Raw(resultJson is null ? " hidden" : "").Raw("><h2>Result</h2><pre>");
        if (resultJson is not null)
        {
            h.Text(JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(resultJson), Indented));
        }
        h.Raw("</pre></section>");
    }

    private static void WriteLegend(Html h)
    {
        h.Raw("<div class=\"legend\">");
        foreach (var state in Enum.GetValues<TaskState>())
        {
            h.Badge(state.ToName()).Raw(" ");
        }
        h.Raw("</div>");
    }

    /// <summary><c>/runs/{id}/tasks/{task}/panel</c>: the panel alone, fetched by <c>run.js</c> when a node is clicked.</summary>
    /// <summary><c>/runs/{id}/gantt</c>: the timeline alone, which <c>run.js</c> swaps in while the run is active.</summary>
    public static async Task<IResult> RenderGanttAsync(string id, RunViews views, IStateStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var s = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (s is null)
        {
            return NotFoundPage.Render("Run", id);
        }
        var h = new Html();
        GanttSvg.Write(h, s.Tasks, await store.GetAttemptsAsync(s.Run.RunId, cancellationToken: cancellationToken).ConfigureAwait(false), options.Time.GetUtcNow());
        return Results.Content(h.ToString(), "text/html; charset=utf-8");
    }

    public static async Task<IResult> RenderPanelAsync(string id, string task, RunViews views, IStateStore store, ServerOptions options, HttpContext context,
        Security.FormTokens tokens, Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        var s = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        var selected = s?.Tasks.FirstOrDefault(t => t.Id == task);
        if (s is null || selected is null)
        {
            return NotFoundPage.Render("Task", task);
        }
        var h = new Html();
        await TaskPanel.WriteAsync(h, s.Run.RunId, selected, store, cancellationToken).ConfigureAwait(false);
        RunActions.WriteTaskForms(h, new Forms(context, options, tokens, sessions), s.Run.RunId, selected, s.Run.State.IsFinal() && !s.IsLive && s.WaitingFor is null);
        return Results.Content(h.ToString(), "text/html; charset=utf-8");
    }
}
