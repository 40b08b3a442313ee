using Microsoft.AspNetCore.Builder;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Security;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// The run page's action forms (cancel, resume; per task: clear with or without downstream, clear chosen items, mark
/// succeeded or skipped with a reason) and their handlers, which go through <see cref="OperatorCommands"/> like the API
/// and come back to the run page. Destructive actions ask for confirmation first.
/// </summary>
internal static class RunActions
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder ui)
    {
        ui.MapPost("/runs/{id}/cancel", static (string id, HttpContext c, OperatorCommands cmd, ServerOptions o, SessionCookies s, CancellationToken ct) =>
            AnswerAsync(id, cmd.CancelAsync(id, Actor.Of(c, o, s), ct)));
        ui.MapPost("/runs/{id}/resume", static (string id, HttpContext c, OperatorCommands cmd, ServerOptions o, SessionCookies s, CancellationToken ct) =>
            AnswerAsync(id, cmd.ResumeAsync(id, Actor.Of(c, o, s), ct)));
        ui.MapPost("/runs/{id}/clear", ClearAsync);
        ui.MapPost("/runs/{id}/mark", MarkAsync);
    }

    /// <summary>Cancel while the run is active; resume when it failed or was cancelled.</summary>
    public static void WriteRunButtons(Html h, Forms forms, RunRecord run, bool active)
    {
        if (!forms.CanAct)
        {
            h.Raw("<p class=\"muted\"><a").Attr("href", forms.SignInPath).Raw(">Sign in</a> to cancel, resume, clear or mark.</p>");
            return;
        }
        var path = "/runs/" + Uri.EscapeDataString(run.RunId);
        h.Raw("<div class=\"actions\" id=\"run-actions\">");
        if (active)
        {
            forms.Begin(h, path + "/cancel", $"Cancel run {run.RunId}? Running tasks are stopped; the run can be resumed later.");
            h.Raw("<button type=\"submit\" class=\"danger\" id=\"cancel-run\">Cancel run</button></form>");
        }
        else if (run.State is RunState.Failed or RunState.Cancelled)
        {
            forms.Begin(h, path + "/resume");
            h.Raw("<button type=\"submit\" id=\"resume-run\">Resume (re-run failed and unfinished tasks)</button></form>");
        }
        h.Raw("</div>");
    }

    /// <summary>The task panel's forms, shown once the run is not executing.</summary>
    public static void WriteTaskForms(Html h, Forms forms, string runId, TaskView t, bool runFinal)
    {
        if (!runFinal || !forms.CanAct)
        {
            return;
        }
        var path = "/runs/" + Uri.EscapeDataString(runId);
        forms.Begin(h, path + "/clear", $"Clear task {t.Id}? It runs again within this run.", "rework clear-task");
        h.Raw("<input type=\"hidden\" name=\"task\"").Attr("value", t.Id).Raw("><label><input type=\"checkbox\" name=\"downstream\" value=\"true\" checked> and everything downstream</label> ");
        if (t.Items is > 0)
        {
            h.Raw("<label>only items <input type=\"text\" name=\"items\" placeholder=\"e.g. 0, 3, 7\" size=\"12\"></label> ");
        }
        h.Raw("<button type=\"submit\" class=\"danger\">Clear and re-run</button></form>");
        if (!t.State.IsDone())
        {
            forms.Begin(h, path + "/mark", $"Mark task {t.Id} as done without running it?", "rework mark-task");
            h.Raw("<input type=\"hidden\" name=\"task\"").Attr("value", t.Id)
                .Raw("><select name=\"state\"><option value=\"succeeded\">mark succeeded</option><option value=\"skipped\">mark skipped</option></select> ")
                .Raw("<input type=\"text\" name=\"reason\" placeholder=\"reason (required)\" required> <button type=\"submit\">Mark</button></form>");
        }
    }

    private static async Task<IResult> ClearAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var tasks = form["task"].Where(static t => !string.IsNullOrEmpty(t)).Select(static t => t!).ToList();
        List<int>? items = null;
        // Items come as one typed list ("0, 3, 7") or as one value per ticked box on the item page (joined with commas).
        var itemText = form["items"].ToString().Trim();
        if (itemText.Length > 0)
        {
            items = [];
            foreach (var part in itemText.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    return Refused(id, $"'{part}' is not an item number; write item numbers separated by commas, such as 0, 3, 7");
                }
                items.Add(i);
            }
        }
        // The item page's form must never clear the whole task because no box was ticked.
        if (items is { Count: 0 } || (items is null && form["items_required"].ToString() == "true"))
        {
            return Refused(id, "no items were chosen; tick the items to clear");
        }
        var downstream = form["downstream"].ToString() == "true";
        return await AnswerAsync(id, commands.ClearAsync(id, tasks, items, downstream, Actor.Of(context, options, sessions), cancellationToken), Forms.Back(form, "/runs/" + Uri.EscapeDataString(id))).ConfigureAwait(false);
    }

    private static async Task<IResult> MarkAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (OperatorEndpoints.ParseMarkState(form["state"].ToString()) is not { } state)
        {
            return Refused(id, "choose 'succeeded' or 'skipped'");
        }
        var task = form["task"].ToString();
        return await AnswerAsync(id, commands.MarkAsync(id, task, state, form["reason"].ToString(), Actor.Of(context, options, sessions), cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<IResult> AnswerAsync(string id, Task<(RunCommandResult Result, string? Reason)> command, string? back = null)
    {
        var (result, reason) = await command.ConfigureAwait(false);
        return result switch
        {
            RunCommandResult.Accepted => Results.Redirect(back ?? "/runs/" + Uri.EscapeDataString(id)),
            RunCommandResult.NotFound => NotFoundPage.Render("Run", id),
            _ => Refused(id, reason ?? "not allowed"),
        };
    }

    private static IResult Refused(string id, string reason)
    {
        var h = Layout.Begin("Refused");
        h.Raw("<h1>Not done</h1><p class=\"error\" id=\"refusal\">").Text(reason).Raw("</p><p><a").Attr("href", "/runs/" + Uri.EscapeDataString(id)).Raw(">Back to the run</a></p>");
        return Layout.End(h, status: StatusCodes.Status409Conflict);
    }
}
