using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.DataActions.Reporting;
using Sluice.Server.Api.Models;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Security;
using Sluice.State;
using Sluice.Stores;
using Sluice.Streaming.Progress;

namespace Sluice.Server.Api;

/// <summary><c>/api/runs</c>: history with keyset paging, one run, its tasks (with why-not-running), cancel and resume.</summary>
internal static class RunEndpoints
{
    public const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs").WithTags("Runs");
        group.MapGet("/", ListAsync).WithSummary("Runs, newest first. Page with 'before' = the previous page's next_before.")
            .Produces<RunListDto>().ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).WithSummary("One run with its inputs and, for a data pipeline, its processing report.").Produces<RunDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/tasks", TasksAsync).WithSummary("The run's tasks; each not-yet-running task says what it waits for.")
            .Produces<RunTasksDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/attempts", AttemptsAsync).WithSummary("Every attempt of the run's tasks, with its resource usage (CPU seconds, peak memory, bytes read and written).")
            .Produces<RunAttemptsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/streams", StreamsAsync).WithSummary("The run's streaming tasks: events in and out, late events, watermark, lag and checkpoint age, as of each task's last checkpoint.")
            .Produces<RunStreamsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancels a queued or running run (recorded as cancelled; resumable).")
            .Produces<CommandAcceptedDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/resume", ResumeAsync).WithSummary("Re-runs the failed and unfinished tasks of a failed, cancelled or crashed run.")
            .Produces<CommandAcceptedDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Parses the list filters; a bad one becomes a 400 naming the parameter.</summary>
    public static IResult? TryParseQuery(string? pipeline, string? state, string? limit, string? before, out RunQuery query)
    {
        query = new RunQuery();
        RunState? parsedState = null;
        if (!string.IsNullOrEmpty(state))
        {
            try
            {
                parsedState = StateNames.ParseRun(state);
            }
            catch (FormatException)
            {
                return Problems.BadField("state", $"'{state}' is not a run state; use queued, running, succeeded, failed or cancelled");
            }
        }
        var n = 50;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out n) || n < 1 || n > MaxLimit))
        {
            return Problems.BadField("limit", $"must be a whole number from 1 to {MaxLimit}, was '{limit}'");
        }
        query = new RunQuery(string.IsNullOrEmpty(pipeline) ? null : pipeline, parsedState, n, string.IsNullOrEmpty(before) ? null : before);
        return null;
    }

    private static async Task<IResult> ListAsync(string? pipeline, string? state, string? limit, string? before, IStateStore store, CancellationToken cancellationToken)
    {
        if (TryParseQuery(pipeline, state, limit, before, out var query) is { } bad)
        {
            return bad;
        }
        // One extra row tells whether another page exists without a count query.
        var rows = await store.ListRunsAsync(query with { Limit = query.Limit + 1 }, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(query.Limit).Select(static r => RunDto.From(r, withInputs: false)).ToList();
        return Results.Ok(new RunListDto(page, rows.Count > query.Limit ? page[^1].RunId : null));
    }

    private static async Task<IResult> GetAsync(string id, RunViews views, IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var snapshot = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return Problems.NotFound("Run", id);
        }
        var models = await RunModelActivity.ReadAsync(store, id, cancellationToken).ConfigureAwait(false);
        var processing = await ProcessingReport.BuildAsync(store, id, time, models, cancellationToken).ConfigureAwait(false);
        return Results.Ok(RunDto.From(snapshot.Run, withInputs: true, snapshot.WaitingFor, processing?.ToJson()).WithModels(models) with
        {
            SlaMisses = [.. (snapshot.SlaMisses ?? []).Select(SlaMissDto.From)],
        });
    }

    private static async Task<IResult> TasksAsync(string id, RunViews views, CancellationToken cancellationToken)
    {
        var s = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return s is null
            ? Problems.NotFound("Run", id)
            : Results.Ok(new RunTasksDto(s.Run.RunId, s.Run.State.ToName(), s.IsLive, s.WaitingFor, [.. s.Tasks.Select(TaskDto.From)]));
    }

    private static async Task<IResult> AttemptsAsync(string id, SluiceStore store, CancellationToken cancellationToken)
    {
        if (await store.State.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound("Run", id);
        }
        var attempts = await store.State.GetAttemptsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Results.Ok(new RunAttemptsDto(id, [.. attempts.Select(AttemptDto.From)]));
    }

    private static async Task<IResult> StreamsAsync(string id, RunViews views, SluiceStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var s = await views.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (s is null)
        {
            return Problems.NotFound("Run", id);
        }

        var now = options.Time.GetUtcNow();
        var streams = new List<StreamProgressDto>();
        foreach (var task in s.Tasks.Where(static t => t.Action == "stream"))
        {
            if (await StreamProgressReader.ReadAsync(store.Checkpoints, id, task.Id, cancellationToken: cancellationToken).ConfigureAwait(false) is { } p)
            {
                streams.Add(StreamProgressDto.From(p, now));
            }
        }

        return Results.Ok(new RunStreamsDto(id, streams));
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken cancellationToken)
    {
        var (result, reason) = await commands.CancelAsync(id, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return OperatorEndpoints.Answer(id, result, reason, "cancellation requested");
    }

    private static async Task<IResult> ResumeAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken cancellationToken)
    {
        var (result, reason) = await commands.ResumeAsync(id, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return OperatorEndpoints.Answer(id, result, reason, "queued for resumption");
    }
}
