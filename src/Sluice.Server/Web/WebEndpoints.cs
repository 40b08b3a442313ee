using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Web.Pages;

namespace Sluice.Server.Web;

/// <summary>The server-rendered UI pages and their two static assets (embedded in the assembly).</summary>
internal static class WebEndpoints
{
    private static readonly Dictionary<string, (byte[] Body, string Type)> Assets = LoadAssets();

    public static void Map(IEndpointRouteBuilder app)
    {
        var ui = app.MapGroup("").ExcludeFromDescription();
        ui.MapGet("/", PipelinesPage.RenderAsync);
        ui.MapGet("/pipelines/{id}", PipelinePage.RenderAsync);
        ui.MapGet("/pipelines/{id}/trigger", TriggerPage.Render);
        ui.MapPost("/pipelines/{id}/trigger", TriggerPage.SubmitAsync);
        ui.MapPost("/pipelines/{id}/pause", static (string id, HttpContext c, Catalog.PipelineCatalog catalog, Operations.OperatorCommands cmd, ServerOptions o, Security.SessionCookies s, CancellationToken ct) =>
            PipelinePage.SetPausedAsync(id, true, c, catalog, cmd, o, s, ct));
        ui.MapPost("/pipelines/{id}/unpause", static (string id, HttpContext c, Catalog.PipelineCatalog catalog, Operations.OperatorCommands cmd, ServerOptions o, Security.SessionCookies s, CancellationToken ct) =>
            PipelinePage.SetPausedAsync(id, false, c, catalog, cmd, o, s, ct));
        ui.MapPost("/pipelines/{id}/backfill", PipelinePage.BackfillAsync);
        ui.MapGet("/pipelines/{id}/grid", GridPage.RenderAsync);
        ui.MapGet("/pipelines/{id}/quality", QualityPage.RenderAsync);
        ui.MapGet("/pipelines/{id}/versions", VersionsPage.RenderAsync);
        ui.MapPost("/pipelines/{id}/versions/{v}/rollback", VersionsPage.RollbackAsync);
        ui.MapGet("/runs", RunsPage.RenderAsync);
        ui.MapGet("/runs/{id}", RunPage.RenderAsync);
        ui.MapGet("/runs/{id}/tasks/{task}/panel", RunPage.RenderPanelAsync);
        ui.MapGet("/runs/{id}/gantt", RunPage.RenderGanttAsync);
        ui.MapGet("/runs/{id}/tasks/{task}/items", TaskItemsPage.RenderAsync);
        ui.MapGet("/lineage", LineagePage.RenderAsync);
        RunActions.Map(ui);
        ui.MapGet("/login", static (HttpContext context, string? next, Security.FormTokens forms) => LoginPage.Render(context, forms, next));
        ui.MapPost("/login", LoginPage.SubmitAsync).DisableAntiforgery();
        ui.MapGet("/assets/{name}", static (string name) => Assets.TryGetValue(name, out var a)
            ? Results.Bytes(a.Body, a.Type)
            : Results.NotFound());
    }

    private static Dictionary<string, (byte[], string)> LoadAssets()
    {
        const string prefix = "Sluice.Server.Assets.";
        var assembly = Assembly.GetExecutingAssembly();
        var result = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            var file = name[prefix.Length..];
            result[file] = (ms.ToArray(), file.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
        }
        return result;
    }
}
