using Microsoft.AspNetCore.Http;
using Sluice.Diagnostics;
using Sluice.Server.Api;
using Sluice.Server.Catalog;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Scheduling;
using Sluice.Server.Web.Dag;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary><c>/pipelines/{id}</c>: status and diagnostics, inputs, triggers, versions, the task graph and recent runs.</summary>
internal static class PipelinePage
{
    public static async Task<IResult> RenderAsync(string id, PipelineCatalog catalog, IStateStore store, ScheduleHost schedule, SchedulePauses pauses, HttpContext context,
        ServerOptions options, Security.FormTokens tokens, Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } e)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        var runs = await store.ListRunsAsync(new RunQuery(PipelineId: id, Limit: 20), cancellationToken).ConfigureAwait(false);
        var d = e.Active?.Definition;
        var h = Layout.Begin(id);
        h.Raw("<h1>").Text(id).Raw("</h1>");
        if (d?.Metadata.Description is { } description)
        {
            h.Raw("<p>").Text(description).Raw("</p>");
        }
        h.Raw("<p class=\"muted\"><code>").Text(e.FilePath).Raw("</code> · checked ").Text(Layout.Time(e.CheckedAt)).Raw("</p>");
        WriteStatus(h, e);
        WriteActions(h, id, d, pauses.Of(id), new Forms(context, options, tokens, sessions));
        if (d is not null)
        {
            h.Raw("<h2>Triggers</h2><ul>");
            foreach (var t in TriggerSummary.Describe(d))
            {
                h.Raw("<li>").Text(t).Raw("</li>");
            }
            h.Raw(d.Triggers.Count == 0 ? "<li class=\"muted\">none (runs start from the API)</li>" : "").Raw("</ul>");
            if (schedule.NextFire(id) is { } next)
            {
                h.Raw("<p data-next-fire>Next scheduled run: ").Text(Layout.Time(next)).Raw("</p>");
            }
            h.Raw("<h2>Inputs</h2><table class=\"grid\"><thead><tr><th>Name</th><th>Type</th><th>Default</th><th>Description</th></tr></thead><tbody>");
            foreach (var i in d.Inputs)
            {
                h.Raw("<tr><td>").Text(i.Name).Raw(i.Required ? " <span class=\"muted\">(required)</span>" : "").Raw("</td><td>").Text(i.Type.ToString().ToLowerInvariant())
                    .Raw("</td><td><code>").Text(i.HasDefault ? Expressions.ExprValues.ToJsonText(i.Default) : "").Raw("</code></td><td>").Text(i.Description).Raw("</td></tr>");
            }
            h.Raw("</tbody></table><h2>Tasks</h2>");
            var tasks = d.Tasks.Select(static t => new TaskView { Id = t.Id, Name = t.Name, Action = t.Action, Dependencies = t.Dependencies, State = TaskState.Pending }).ToList();
            DagSvg.Write(h, tasks, static _ => "#");
        }
        h.Raw("<h2>Versions</h2><ul>");
        foreach (var v in e.Versions)
        {
            h.Raw("<li><code>").Text(v.Hash[..Math.Min(12, v.Hash.Length)]).Raw("</code> ").Text(v.VersionLabel).Raw(" · ").Text(Layout.Time(v.CreatedAt))
                .Raw(v.Hash == e.Active?.Version.Hash ? " <strong>active</strong>" : "").Raw("</li>");
        }
        h.Raw("</ul><h2>Recent runs</h2>");
        RunsPage.WriteTable(h, runs, options.Time.GetUtcNow());
        h.Raw("<p><a").Attr("href", "/runs?pipeline=" + Uri.EscapeDataString(id)).Raw(">All runs of ").Text(id).Raw("</a></p>");
        return Layout.End(h);
    }

    /// <summary>Trigger, pause or unpause the schedules, and the history views.</summary>
    private static void WriteActions(Html h, string id, Definition.PipelineDefinition? d, Sluice.Operators.PipelinePause? pause, Forms forms)
    {
        var path = "/pipelines/" + Uri.EscapeDataString(id);
        h.Raw("<div class=\"actions\" id=\"pipeline-actions\">");
        if (pause is not null)
        {
            h.Raw("<span class=\"badge st-cancelled\" id=\"paused\">schedule paused</span> <span class=\"muted\">by ").Text(pause.PausedBy).Raw(" at ").Text(Layout.Time(pause.PausedAt)).Raw("</span>");
        }
        if (forms.CanAct)
        {
            if (d is not null)
            {
                h.Raw("<a class=\"button\" id=\"trigger-link\"").Attr("href", path + "/trigger").Raw("><button type=\"button\">Trigger run…</button></a>");
            }
            if (pause is null)
            {
                forms.Begin(h, path + "/pause", $"Pause the schedules of {id}? Cron and interval triggers stop firing until unpaused.");
                h.Raw("<button type=\"submit\" class=\"danger\" id=\"pause\">Pause schedule</button></form>");
            }
            else
            {
                forms.Begin(h, path + "/unpause");
                h.Raw("<button type=\"submit\" id=\"unpause\">Unpause schedule</button></form>");
            }
        }
        else
        {
            h.Raw("<a").Attr("href", forms.SignInPath).Raw(">Sign in</a> <span class=\"muted\">to trigger runs or pause the schedule</span>");
        }
        h.Raw("<a").Attr("href", path + "/grid").Raw(">Grid</a><a").Attr("href", path + "/quality").Raw(">Quality</a><a").Attr("href", path + "/versions").Raw(">Versions</a></div>");
        if (forms.CanAct && d is not null && d.Triggers.Any(static t => t.Type is "cron" or "interval"))
        {
            forms.Begin(h, path + "/backfill", $"Start a run of {id} for every scheduled date in this range?", "actions backfill");
            h.Raw("<label>Backfill from <input type=\"text\" name=\"from\" placeholder=\"2026-03-01\" required></label> <label>to <input type=\"text\" name=\"to\" placeholder=\"2026-03-07\" required></label> ")
                .Raw("<label>runs at once <input type=\"number\" name=\"max_active\" value=\"1\" min=\"1\" max=\"32\"></label> <button type=\"submit\" id=\"backfill\">Start backfill</button></form>");
        }
    }

    /// <summary>The backfill form's handler: starts it and shows the pipeline's runs.</summary>
    public static async Task<IResult> BackfillAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, Security.SessionCookies sessions,
        CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        string? problem = null;
        if (!DateTimeOffset.TryParse(form["from"].ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var from)
            || !DateTimeOffset.TryParse(form["to"].ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var to))
        {
            problem = "write both ends of the range as ISO 8601 dates, such as 2026-03-01 or 2026-03-01T02:00:00Z";
            from = to = default;
        }
        var maxActive = int.TryParse(form["max_active"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
        if (problem is null)
        {
            try
            {
                await commands.BackfillAsync(id, from, to, maxActive, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
                return Results.Redirect("/runs?pipeline=" + Uri.EscapeDataString(id));
            }
            catch (Sluice.Diagnostics.SluiceException ex)
            {
                problem = ex.Message;
            }
        }
        var h = Layout.Begin("Backfill refused");
        h.Raw("<h1>Backfill not started</h1><p class=\"error\" id=\"refusal\">").Text(problem).Raw("</p><p><a").Attr("href", "/pipelines/" + Uri.EscapeDataString(id)).Raw(">Back</a></p>");
        return Layout.End(h, status: StatusCodes.Status400BadRequest);
    }

    /// <summary>The pause and unpause forms' handler: back to the pipeline page.</summary>
    public static async Task<IResult> SetPausedAsync(string id, bool paused, HttpContext context, PipelineCatalog catalog, OperatorCommands commands, ServerOptions options,
        Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is null)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        await commands.SetPausedAsync(id, paused, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return Results.Redirect("/pipelines/" + Uri.EscapeDataString(id));
    }

    /// <summary>Valid / invalid with every diagnostic at <c>file:line:col</c>; says when an older version stays active.</summary>
    public static void WriteStatus(Html h, PipelineEntry e)
    {
        if (e.IsValid)
        {
            h.Raw("<span class=\"badge st-succeeded\">valid</span>");
        }
        else
        {
            h.Raw("<span class=\"badge st-failed\">invalid</span> ");
            h.Raw(e.Active is null
                ? "<span class=\"muted\">no valid version: runs cannot start</span>"
                : "<span class=\"muted\">the last valid version stays active</span>");
        }
        var shown = e.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Concat(e.Diagnostics.Where(static d => d.Severity != DiagnosticSeverity.Error)).Take(20).ToList();
        if (shown.Count == 0)
        {
            return;
        }
        h.Raw("<ul class=\"diagnostics\">");
        foreach (var d in shown)
        {
            var sev = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            h.Raw("<li").Attr("class", sev).Raw("><code>").Text(Path.GetFileName(d.Location.File)).Text(d.Location.HasPosition ? $":{d.Location.Line}:{d.Location.Column}" : "")
                .Raw("</code> ").Text(sev).Raw(" ").Text(d.Code).Raw(": ").Text(d.Message);
            if (d.Hint is not null)
            {
                h.Raw("<div class=\"hint\">hint: ").Text(d.Hint).Raw("</div>");
            }
            h.Raw("</li>");
        }
        h.Raw("</ul>");
    }
}
