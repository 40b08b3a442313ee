using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Api.Models;
using Sluice.Server.Catalog;
using Sluice.Server.Runs;
using Sluice.Server.Security;

namespace Sluice.Server.Api;

/// <summary>
/// <c>POST /api/webhooks/{pipeline}/{trigger}</c>: starts a run for a <c>type: webhook</c> trigger
/// (<c>trigger</c> is its index in <c>triggers:</c>). A trigger with a <c>key</c> needs it in
/// <c>X-Sluice-Key</c> (missing: 401, wrong: 403); one without needs the API token when one is set.
/// </summary>
internal static class WebhookEndpoints
{
    public const string KeyHeader = "X-Sluice-Key";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{pipeline}/{trigger}", FireAsync).WithTags("Webhooks")
            .WithSummary("Starts a run for a webhook trigger; the body may carry inputs like POST /api/pipelines/{id}/runs.")
            .Accepts<RunRequestBody>("application/json")
            .Produces<RunDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
    }

    private static async Task<IResult> FireAsync(string pipeline, string trigger, HttpRequest request, PipelineCatalog catalog, RunHost host, ServerOptions options, CancellationToken cancellationToken)
    {
        var definition = catalog.Find(pipeline)?.Active?.Definition;
        if (definition is null
            || !int.TryParse(trigger, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= definition.Triggers.Count
            || definition.Triggers[index].Type != "webhook")
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Webhook not found",
                detail: $"Pipeline '{pipeline}' has no webhook trigger '{trigger}' (use the trigger's index in 'triggers:', from 0).");
        }
        var settings = definition.Triggers[index].Settings;
        if (settings.TryGetValue("key", out var keyValue) && keyValue is string keyText)
        {
            var expected = SecretText.Resolve(keyText, host.ExecutorOptions.Secrets);
            var given = request.Headers[KeyHeader].ToString();
            if (given.Length == 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook key required", detail: $"Send the trigger's key in the {KeyHeader} header.");
            }
            if (expected is null || !TokenComparer.AreEqual(given, expected))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong webhook key", detail: $"The {KeyHeader} header does not match the trigger's key.");
            }
        }
        else if (!string.IsNullOrEmpty(options.Token) && !TokenAuthMiddleware.HasBearer(request, options.Token))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API token required",
                detail: "This webhook trigger has no key, so it needs 'Authorization: Bearer TOKEN'.");
        }
        var (inputs, logicalDate, error) = await RequestBodies.ReadRunRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        return await PipelineEndpoints.LaunchAsync(host, new RunRequest(pipeline, inputs, "webhook", logicalDate), cancellationToken).ConfigureAwait(false);
    }
}
