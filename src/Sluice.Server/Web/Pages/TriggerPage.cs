using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Definition;
using Sluice.Expressions;
using Sluice.Server.Catalog;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Security;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/pipelines/{id}/trigger</c>: a form generated from the pipeline's typed <c>inputs:</c> (enums as selects, booleans
/// as yes/no, defaults filled, lists and maps as JSON). The server binds it with the same rules as the API and shows
/// each problem under its field.
/// </summary>
internal static class TriggerPage
{
    private const string Prefix = "in.";

    public static IResult Render(string id, PipelineCatalog catalog, HttpContext context, ServerOptions options, FormTokens tokens, SessionCookies sessions)
    {
        if (catalog.Find(id)?.Active?.Definition is not { } d)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        return Write(d, new Forms(context, options, tokens, sessions), values: null, errors: null, status: StatusCodes.Status200OK);
    }

    public static async Task<IResult> SubmitAsync(string id, HttpContext context, PipelineCatalog catalog, OperatorCommands commands, ServerOptions options,
        FormTokens tokens, SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (catalog.Find(id)?.Active?.Definition is not { } d)
        {
            return NotFoundPage.Render("Pipeline", id);
        }
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var values = d.Inputs.ToDictionary(static i => i.Name, i => form[Prefix + i.Name].ToString(), StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in d.Inputs)
        {
            var text = values[input.Name];
            // An empty field means "not given": the default applies, or a required input is reported missing.
            if (text.Length == 0)
            {
                continue;
            }
            if (input.Type is InputType.List or InputType.Map)
            {
                try
                {
                    inputs[input.Name] = ExprValues.FromJson(JsonDocument.Parse(text).RootElement);
                }
                catch (JsonException ex)
                {
                    errors["inputs." + input.Name] = [$"input '{input.Name}' ({input.Type.ToString().ToLowerInvariant()}): not valid JSON ({ex.Message.Split('.')[0]})"];
                }
                continue;
            }
            inputs[input.Name] = text;
        }
        DateTimeOffset? logicalDate = null;
        var dateText = form["logical_date"].ToString().Trim();
        if (dateText.Length > 0)
        {
            if (DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                logicalDate = parsed;
            }
            else
            {
                errors["logical_date"] = [$"'{dateText}' is not a date-time; write it as 2026-03-01T02:00:00Z"];
            }
        }
        var forms = new Forms(context, options, tokens, sessions);
        if (errors.Count == 0)
        {
            try
            {
                var fullRefresh = form["full_refresh"].ToString() == "true";
                var run = await commands.TriggerAsync(new RunRequest(id, inputs, "ui", logicalDate), Actor.Of(context, options, sessions), fullRefresh, cancellationToken).ConfigureAwait(false);
                return Results.Redirect("/runs/" + Uri.EscapeDataString(run.RunId));
            }
            catch (RunLaunchException ex)
            {
                foreach (var (field, messages) in ex.Problems.Count > 0 ? ex.Problems : new Dictionary<string, string[]> { ["form"] = [ex.Message] })
                {
                    errors[field] = messages;
                }
            }
        }
        values["logical_date"] = dateText;
        return Write(d, forms, values, errors, StatusCodes.Status422UnprocessableEntity);
    }

    private static IResult Write(PipelineDefinition d, Forms forms, Dictionary<string, string>? values, Dictionary<string, string[]>? errors, int status)
    {
        var h = Layout.Begin("Trigger " + d.Id);
        h.Raw("<h1>Trigger <a").Attr("href", "/pipelines/" + Uri.EscapeDataString(d.Id)).Raw(">").Text(d.Id).Raw("</a></h1>");
        if (!forms.CanAct)
        {
            h.Raw("<p>This server has an API token: <a").Attr("href", forms.SignInPath).Raw(">sign in</a> to start runs.</p>");
            return Layout.End(h);
        }
        if (errors is { Count: > 0 })
        {
            h.Raw("<p class=\"error\" id=\"form-errors\">The run was not started: fix the fields marked below.</p>");
            WriteErrors(h, errors, "form");
        }
        forms.Begin(h, "/pipelines/" + Uri.EscapeDataString(d.Id) + "/trigger", cssClass: "trigger");
        foreach (var input in d.Inputs)
        {
            var name = Prefix + input.Name;
            var value = values?.GetValueOrDefault(input.Name) ?? DefaultText(input);
            h.Raw("<div class=\"field\"").Attr("data-input", input.Name).Raw("><label").Attr("for", name).Raw(">").Text(input.Name)
                .Raw(" <span class=\"muted\">").Text(input.Type.ToString().ToLowerInvariant()).Text(input.Required ? ", required" : "").Raw("</span></label>");
            if (input.Enum is { Count: > 0 } allowed)
            {
                h.Raw("<select").Attr("id", name).Attr("name", name).Raw(">");
                if (!input.HasDefault)
                {
                    h.Raw("<option value=\"\"></option>");
                }
                foreach (var option in allowed.Select(ExprValues.ToText))
                {
                    h.Raw("<option").Attr("value", option).Raw(option == value ? " selected" : "").Raw(">").Text(option).Raw("</option>");
                }
                h.Raw("</select>");
            }
            else if (input.Type == InputType.Bool)
            {
                h.Raw("<select").Attr("id", name).Attr("name", name).Raw("><option value=\"\"></option>");
                foreach (var option in new[] { "true", "false" })
                {
                    h.Raw("<option").Attr("value", option).Raw(option == value ? " selected" : "").Raw(">").Text(option).Raw("</option>");
                }
                h.Raw("</select>");
            }
            else if (input.Type is InputType.List or InputType.Map)
            {
                h.Raw("<textarea rows=\"3\"").Attr("id", name).Attr("name", name).Attr("placeholder", input.Type == InputType.List ? "[\"a\", \"b\"]" : "{\"key\": \"value\"}")
                    .Raw(">").Text(value).Raw("</textarea>");
            }
            else
            {
                h.Raw("<input type=\"text\"").Attr("id", name).Attr("name", name).Attr("value", value)
                    .Attr("inputmode", input.Type is InputType.Integer or InputType.Number ? "decimal" : "text").Raw(">");
            }
            if (input.Description is not null)
            {
                h.Raw("<div class=\"muted small\">").Text(input.Description).Raw("</div>");
            }
            if (errors is not null)
            {
                WriteErrors(h, errors, "inputs." + input.Name);
            }
            h.Raw("</div>");
        }
        h.Raw("<div class=\"field\" data-input=\"logical_date\"><label for=\"logical_date\">logical date <span class=\"muted\">optional, ISO 8601</span></label><input type=\"text\" id=\"logical_date\" name=\"logical_date\"")
            .Attr("value", values?.GetValueOrDefault("logical_date")).Attr("placeholder", "2026-03-01T02:00:00Z").Raw(">");
        if (errors is not null)
        {
            WriteErrors(h, errors, "logical_date");
        }
        h.Raw("</div><div class=\"field\" data-input=\"full_refresh\"><label><input type=\"checkbox\" id=\"full_refresh\" name=\"full_refresh\" value=\"true\"> full refresh "
            + "<span class=\"muted\">forget the pipeline's incremental marks first, so incremental sources are read in full again</span></label></div>");
        h.Raw("<p><button type=\"submit\" id=\"trigger-submit\">Start run</button></p></form>");
        return Layout.End(h, status: status);
    }

    private static void WriteErrors(Html h, Dictionary<string, string[]> errors, string field)
    {
        foreach (var message in errors.GetValueOrDefault(field) ?? [])
        {
            h.Raw("<p class=\"field-error\"").Attr("data-field", field).Raw(">").Text(message).Raw("</p>");
        }
    }

    private static string DefaultText(InputDefinition input) =>
        !input.HasDefault || input.Default is null ? ""
        : input.Type is InputType.List or InputType.Map ? ExprValues.ToJsonText(input.Default)
        : ExprValues.ToText(input.Default);
}
