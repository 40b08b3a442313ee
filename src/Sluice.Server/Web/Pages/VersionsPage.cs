using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;
using Sluice.Server.Catalog;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/pipelines/{id}/versions</c>: the pipeline's stored definition versions, a unified diff of two of them
/// (<c>?a=1&amp;b=2</c>, the newest against the one before by default), and a rollback form per version.
/// </summary>
internal static class VersionsPage
{
    public static async Task<IResult> RenderAsync(string id, string? a, string? b, PipelineCatalog catalog, IStateStore store, HttpContext context, ServerOptions options,
        Security.FormTokens tokens, Security.SessionCookies sessions, CancellationToken cancellationToken)
    {
        var versions = await PipelineVersions.ReadAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (catalog.Find(id) is null && versions.NewestFirst.Count == 0)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        var active = catalog.Find(id)?.Active?.Version.Hash;
        var path = "/pipelines/" + Uri.EscapeDataString(id);
        var forms = new Forms(context, options, tokens, sessions);
        var h = Layout.Begin(id + " versions");
        h.Raw("<h1>Versions of <a").Attr("href", path).Raw(">").Text(id).Raw("</a></h1>");
        h.Raw("<table class=\"grid\" id=\"versions\"><thead><tr><th>#</th><th>Stored</th><th>Hash</th><th>Label</th><th>File</th><th></th></tr></thead><tbody>");
        foreach (var v in versions.NewestFirst)
        {
            var number = versions.NumberOf(v).ToString(System.Globalization.CultureInfo.InvariantCulture);
            h.Raw("<tr><td>").Text(number).Raw("</td><td>").Text(Layout.Time(v.CreatedAt)).Raw("</td><td><code>").Text(v.Hash[..12]).Raw("</code>")
                .Raw(v.Hash == active ? " <strong>active</strong>" : "").Raw("</td><td>").Text(v.VersionLabel).Raw("</td><td><code>").Text(v.SourcePath).Raw("</code></td><td>");
            if (forms.CanAct && v.Hash != active && catalog.Find(id) is not null)
            {
                forms.Begin(h, $"{path}/versions/{number}/rollback", $"Write version {number} back into the file of {id}? It becomes the active version.");
                h.Raw("<button type=\"submit\" class=\"danger\"").Attr("id", "rollback-" + number).Raw(">Roll back to this</button></form>");
            }
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
        if (versions.NewestFirst.Count >= 2)
        {
            a ??= (versions.NewestFirst.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            b ??= versions.NewestFirst.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            h.Raw("<form method=\"get\" class=\"actions\"><label>Diff from <input type=\"text\" name=\"a\"").Attr("value", a)
                .Raw("></label> <label>to <input type=\"text\" name=\"b\"").Attr("value", b).Raw("></label> <button type=\"submit\">Show</button></form>");
            var (before, after) = (versions.Find(a, out var errorA), versions.Find(b, out var errorB));
            if (before is null || after is null)
            {
                h.Raw("<p class=\"error\" id=\"diff-error\">").Text(errorA ?? errorB).Raw("</p>");
            }
            else
            {
                WriteDiff(h, Definition.VersionDiff.Unified(before.SourceText, after.SourceText,
                    PipelineEndpoints.VersionName(versions, before), PipelineEndpoints.VersionName(versions, after)));
            }
        }
        return Layout.End(h);
    }

    /// <summary>The rollback form's handler: back to the versions page, or the reason it was refused.</summary>
    public static async Task<IResult> RollbackAsync(string id, string v, HttpContext context, OperatorCommands commands, ServerOptions options, Security.SessionCookies sessions,
        CancellationToken cancellationToken)
    {
        var (result, reason) = await commands.RollbackAsync(id, v, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        if (result == RunCommandResult.NotFound)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        if (result == RunCommandResult.Accepted)
        {
            return Results.Redirect("/pipelines/" + Uri.EscapeDataString(id) + "/versions");
        }
        var h = Layout.Begin("Rollback refused");
        h.Raw("<h1>Rollback refused</h1><p class=\"error\" id=\"refusal\">").Text(reason).Raw("</p>");
        return Layout.End(h, status: StatusCodes.Status409Conflict);
    }

    /// <summary>The diff as preformatted lines, each escaped, removed and added lines marked by class.</summary>
    private static void WriteDiff(Html h, string diff)
    {
        if (diff.Length == 0)
        {
            h.Raw("<p class=\"muted\" id=\"diff\">The two versions have the same text.</p>");
            return;
        }
        h.Raw("<pre class=\"diff\" id=\"diff\">");
        foreach (var line in diff.TrimEnd('\n').Split('\n'))
        {
            var kind = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("@@", StringComparison.Ordinal) ? "diff-head"
                : line.StartsWith('+') ? "diff-add" : line.StartsWith('-') ? "diff-del" : "diff-same";
            h.Raw("<span").Attr("class", kind).Raw(">").Text(line).Raw("</span>\n");
        }
        h.Raw("</pre>");
    }
}
