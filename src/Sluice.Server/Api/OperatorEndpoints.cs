using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Operators;
using Sluice.Server.Api.Models;
using Sluice.Server.Catalog;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Security;
using Sluice.State;

namespace Sluice.Server.Api;

/// <summary>The operator's actions beyond start, cancel and resume: clear and mark tasks, pause schedules; and the audit trail.</summary>
internal static class OperatorEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        runs.MapPost("/{id}/clear", ClearAsync).WithSummary("Clears tasks (or items of a for_each task) and their downstream; they run again within the same run.")
            .Accepts<ClearRequestBody>("application/json")
            .Produces<CommandAcceptedDto>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapPost("/{id}/tasks/{task}/mark", MarkAsync).WithSummary("Marks a task succeeded or skipped with a reason; the run continues from there.")
            .Accepts<MarkRequestBody>("application/json")
            .Produces<CommandAcceptedDto>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        var pipelines = app.MapGroup("/api/pipelines").WithTags("Pipelines");
        pipelines.MapPost("/{id}/pause", (string id, HttpContext context, PipelineCatalog catalog, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken ct) =>
            PauseAsync(id, true, context, catalog, commands, options, sessions, ct)).WithSummary("Pauses the pipeline's cron and interval triggers.").ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapPost("/{id}/unpause", (string id, HttpContext context, PipelineCatalog catalog, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken ct) =>
            PauseAsync(id, false, context, catalog, commands, options, sessions, ct)).WithSummary("Resumes the pipeline's cron and interval triggers (missed dates follow catchup).").ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapPost("/{id}/backfills", BackfillAsync).WithSummary("Starts a backfill: one run per scheduled logical date in [from, to], max_active at a time (resumable).")
            .Accepts<BackfillRequestBody>("application/json").ProducesValidationProblem();
        app.MapGet("/api/audit", ListAuditAsync).WithTags("Audit").WithSummary("Operator actions, newest first (filter by pipeline or run).");
    }

    private static async Task<IResult> ClearAsync(string id, ClearRequestBody? body, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions,
        CancellationToken cancellationToken)
    {
        if (body?.Tasks is not { Count: > 0 } tasks)
        {
            return Problems.BadField("tasks", "give the tasks to clear, for example {\"tasks\": [\"load\"]}");
        }
        var (result, reason) = await commands.ClearAsync(id, [.. tasks], body.Items is null ? null : [.. body.Items], body.Downstream ?? true,
            Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return Answer(id, result, reason, "cleared; queued to run again");
    }

    private static async Task<IResult> MarkAsync(string id, string task, MarkRequestBody? body, HttpContext context, OperatorCommands commands, ServerOptions options,
        SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (ParseMarkState(body?.State) is not { } state)
        {
            return Problems.BadField("state", $"must be 'succeeded' or 'skipped', was '{body?.State}'");
        }
        if (string.IsNullOrWhiteSpace(body!.Reason))
        {
            return Problems.BadField("reason", "give a reason for the mark");
        }
        var (result, reason) = await commands.MarkAsync(id, task, state, body.Reason, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return Answer(id, result, reason, $"task {task} marked {state.ToName()}; queued to continue");
    }

    /// <summary>The task states an operator may set.</summary>
    public static TaskState? ParseMarkState(string? text) => text switch
    {
        "succeeded" or "success" => TaskState.Succeeded,
        "skipped" => TaskState.Skipped,
        _ => null,
    };

    private static async Task<IResult> PauseAsync(string id, bool paused, HttpContext context, PipelineCatalog catalog, OperatorCommands commands, ServerOptions options,
        SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is null)
        {
            return Problems.NotFound("Pipeline", id);
        }
        await commands.SetPausedAsync(id, paused, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { pipeline_id = id, paused });
    }

    private static async Task<IResult> BackfillAsync(string id, BackfillRequestBody? body, HttpContext context, OperatorCommands commands, ServerOptions options,
        SessionCookies sessions, CancellationToken cancellationToken)
    {
        if (body?.From is not { } from || body.To is not { } to)
        {
            return Problems.BadField("from", "give the range as {\"from\": \"2026-03-01T00:00:00Z\", \"to\": \"2026-03-07T00:00:00Z\"}");
        }
        try
        {
            var (backfill, dates, remaining) = await commands.BackfillAsync(id, from, to, body.MaxActive ?? 1, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
            return Results.Accepted($"/runs?pipeline={Uri.EscapeDataString(id)}", new { backfill_id = backfill, dates, remaining });
        }
        catch (Sluice.Diagnostics.SluiceException ex)
        {
            return Problems.BadField("range", ex.Message);
        }
    }

    private static async Task<IResult> ListAuditAsync(string? pipeline, string? run, int? limit, OperatorRecords records, CancellationToken cancellationToken)
    {
        var entries = await records.ListAsync(pipeline, run, limit ?? 100, cancellationToken).ConfigureAwait(false);
        return Results.Ok(entries.Select(AuditEntryDto.From).ToList());
    }

    public static IResult Answer(string id, RunCommandResult result, string? reason, string status) => result switch
    {
        RunCommandResult.Accepted => Results.Accepted($"/api/runs/{id}", new CommandAcceptedDto(id, status)),
        RunCommandResult.NotFound => Problems.NotFound("Run", id),
        _ => Problems.Conflict(reason ?? "not allowed"),
    };
}
