using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Api.Models;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Api;

/// <summary>Task logs of a run: pages, and a server-sent-event stream that follows new lines until the run ends.</summary>
internal static class LogEndpoints
{
    private const int PageSize = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs/{id}/logs").WithTags("Logs");
        group.MapGet("/", PageAsync).WithSummary("Log lines with sequence above 'after', optionally of one task.")
            .Produces<LogPageDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        group.MapGet("/stream", StreamAsync).WithSummary("Server-sent events: 'log' events (data: a log line as JSON) until the run ends, then one 'end' event.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PageAsync(string id, string? task, string? after, string? limit, IStateStore store, CancellationToken cancellationToken)
    {
        if (!TryAfter(after, out var from))
        {
            return Problems.BadField("after", $"must be a log sequence number (0 or more), was '{after}'");
        }
        var n = PageSize;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out n) || n < 1 || n > 10_000))
        {
            return Problems.BadField("limit", $"must be a whole number from 1 to 10000, was '{limit}'");
        }
        if (await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound("Run", id);
        }
        var lines = await store.GetLogsAsync(id, string.IsNullOrEmpty(task) ? null : task, from, n, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new LogPageDto([.. lines.Select(LogLineDto.From)], lines.Count > 0 ? lines[^1].Sequence : from));
    }

    private static async Task StreamAsync(string id, string? task, string? after, HttpContext context, IStateStore store, RunHost host, ServerOptions options)
    {
        var cancellationToken = context.RequestAborted;
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (!TryAfter(string.IsNullOrEmpty(lastEventId) ? after : lastEventId, out var seq))
        {
            await Problems.BadField("after", $"must be a log sequence number (0 or more), was '{after}'").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            await Problems.NotFound("Run", id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var taskId = string.IsNullOrEmpty(task) ? null : task;
        try
        {
            while (true)
            {
                // Read the run's state before the logs: once a final state is committed, every log line is too.
                var run = await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
                var ended = run is null || (run.State.IsFinal() && !host.IsExecuting(id) && host.QueuePosition(id) is null);
                IReadOnlyList<LogRecord> lines;
                do
                {
                    lines = await store.GetLogsAsync(id, taskId, seq, PageSize, cancellationToken).ConfigureAwait(false);
                    foreach (var line in lines)
                    {
                        seq = line.Sequence;
                        await response.WriteAsync($"id: {seq}\nevent: log\ndata: {JsonSerializer.Serialize(LogLineDto.From(line), ApiJson.Options)}\n\n", cancellationToken).ConfigureAwait(false);
                    }
                }
                while (lines.Count == PageSize);
                if (ended)
                {
                    await response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(new { state = run?.State.ToName() }, ApiJson.Options)}\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(PollInterval, options.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static bool TryAfter(string? text, out long after)
    {
        after = 0;
        return string.IsNullOrEmpty(text) || (long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out after) && after >= 0);
    }
}
