using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Definition;
using Sluice.Server.Api.Models;
using Sluice.Server.Catalog;
using Sluice.Server.Operations;
using Sluice.Server.Runs;
using Sluice.Server.Security;
using Sluice.Server.Scheduling;
using Sluice.State;

namespace Sluice.Server.Api;

/// <summary><c>/api/pipelines</c>: the served pipelines, their validation status, and starting runs.</summary>
internal static class PipelineEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pipelines").WithTags("Pipelines");
        group.MapGet("/", ListAsync).WithSummary("Served pipelines with validation status, triggers and last runs.");
        group.MapGet("/{id}", GetAsync).WithSummary("One pipeline: inputs, tasks, versions, diagnostics.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/runs", StartRunAsync).WithSummary("Starts (queues) a run; inputs are validated against the declared inputs.")
            .Accepts<RunRequestBody>("application/json")
            .Produces<RunDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/versions", ListVersionsAsync).WithSummary("The pipeline's stored definition versions, newest first, numbered from 1 (the oldest).");
        group.MapGet("/{id}/versions/{a}/diff/{b}", DiffAsync).WithSummary("A unified diff of the YAML of two versions (number or hash prefix), as text/plain.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/versions/{v}/rollback", RollbackAsync).WithSummary("Writes version v back into the pipeline's file and reloads it; recorded with who and when.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ListVersionsAsync(string id, PipelineCatalog catalog, IStateStore store, CancellationToken cancellationToken)
    {
        var versions = await PipelineVersions.ReadAsync(store, id, cancellationToken).ConfigureAwait(false);
        var active = catalog.Find(id)?.Active?.Version.Hash;
        return Results.Ok(versions.NewestFirst.Select(v => new StoredVersionDto(versions.NumberOf(v), v.Hash, v.VersionLabel, v.CreatedAt, v.SourcePath, v.Hash == active)).ToList());
    }

    private static async Task<IResult> DiffAsync(string id, string a, string b, IStateStore store, CancellationToken cancellationToken)
    {
        var versions = await PipelineVersions.ReadAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (versions.Find(a, out var errorA) is not { } before)
        {
            return Problems.NotFound("Version", $"{a} of {id}: {errorA}");
        }
        if (versions.Find(b, out var errorB) is not { } after)
        {
            return Problems.NotFound("Version", $"{b} of {id}: {errorB}");
        }
        return Results.Text(VersionDiff.Unified(before.SourceText, after.SourceText, VersionName(versions, before), VersionName(versions, after)), "text/plain; charset=utf-8");
    }

    /// <summary>How a diff names a version: pipeline, number, hash prefix and when it was stored.</summary>
    public static string VersionName(PipelineVersions versions, PipelineVersionRecord v) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{versions.PipelineId} version {versions.NumberOf(v)} ({v.Hash[..12]}, {v.CreatedAt:u})");

    private static async Task<IResult> RollbackAsync(string id, string v, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions,
        CancellationToken cancellationToken)
    {
        var (result, reason) = await commands.RollbackAsync(id, v, Actor.Of(context, options, sessions), cancellationToken).ConfigureAwait(false);
        return result switch
        {
            RunCommandResult.Accepted => Results.Accepted($"/api/pipelines/{id}", new { pipeline_id = id, version = v, status = "written to the pipeline's file and reloaded" }),
            RunCommandResult.NotFound => Problems.NotFound("Pipeline", id),
            _ => Problems.Conflict(reason ?? "not allowed"),
        };
    }

    private static async Task<IResult> ListAsync(PipelineCatalog catalog, IStateStore store, ScheduleHost schedule, CancellationToken cancellationToken)
    {
        var entries = catalog.All;
        var runs = await RecentRuns.ByPipelineAsync(store, entries.Select(static e => e.Id), 5, cancellationToken).ConfigureAwait(false);
        var list = entries.Select(e => new PipelineSummaryDto(
            e.Id, e.Active?.Definition.Name, e.FilePath, e.IsValid, e.Active?.Version.Hash, e.Active?.Definition.Version,
            TriggerSummary.Describe(e.Active?.Definition), schedule.NextFire(e.Id), [.. e.Diagnostics.Select(DiagnosticDto.From)],
            [.. runs.GetValueOrDefault(e.Id, []).Select(static r => RunDto.From(r, withInputs: false))])).ToList();
        return Results.Ok(list);
    }

    private static async Task<IResult> GetAsync(string id, PipelineCatalog catalog, IStateStore store, ScheduleHost schedule, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } e)
        {
            return Problems.NotFound("Pipeline", id);
        }
        var d = e.Active?.Definition;
        var runs = await store.ListRunsAsync(new RunQuery(PipelineId: id, Limit: 10), cancellationToken).ConfigureAwait(false);
        return Results.Ok(new PipelineDetailDto(
            e.Id, d?.Name, d?.Metadata.Description, e.FilePath, e.IsValid, e.Active?.Version.Hash, e.CheckedAt,
            TriggerSummary.Describe(d), schedule.NextFire(id),
            d is null ? [] : [.. d.Inputs.Select(InputDto.From)],
            d is null ? [] : [.. d.Tasks.Select(static t => new TaskSpecDto(t.Id, t.Name, t.Action, t.Dependencies, t.ForEach is not null, t.Pool))],
            [.. e.Versions.Select(v => new VersionDto(v.Hash, v.VersionLabel, v.CreatedAt, v.Hash == e.Active?.Version.Hash))],
            [.. e.Diagnostics.Select(DiagnosticDto.From)],
            [.. runs.Select(static r => RunDto.From(r, withInputs: false))]));
    }

    private static async Task<IResult> StartRunAsync(string id, HttpContext context, OperatorCommands commands, ServerOptions options, SessionCookies sessions, CancellationToken cancellationToken)
    {
        var (inputs, logicalDate, fullRefresh, error) = await RequestBodies.ReadRunRequestWithOptionsAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        var actor = Actor.Of(context, options, sessions);
        return await LaunchAsync((request, ct) => commands.TriggerAsync(request, actor, fullRefresh, ct), new RunRequest(id, inputs, "api", logicalDate), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Launches and maps launch failures to problems: 404 unknown pipeline, 400 bad inputs, 409 no valid version.</summary>
    public static Task<IResult> LaunchAsync(IRunLauncher launcher, RunRequest request, CancellationToken cancellationToken) =>
        LaunchAsync(launcher.LaunchAsync, request, cancellationToken);

    /// <summary>Launches with <paramref name="launch"/> and maps launch failures to problems.</summary>
    public static async Task<IResult> LaunchAsync(Func<RunRequest, CancellationToken, Task<RunRecord>> launch, RunRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var run = await launch(request, cancellationToken).ConfigureAwait(false);
            return Results.Accepted($"/api/runs/{run.RunId}", RunDto.From(run, withInputs: true));
        }
        catch (RunLaunchException ex)
        {
            return ex.Failure switch
            {
                RunLaunchFailure.UnknownPipeline => Problems.NotFound("Pipeline", request.PipelineId),
                RunLaunchFailure.InvalidInputs => Problems.Invalid(ex.Problems, ex.Message),
                _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The pipeline cannot run", detail: ex.Message),
            };
        }
    }
}
