using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Api.Models;
using Sluice.State;

namespace Sluice.Server.Api;

/// <summary><c>/api/runs/{id}/tasks/{task}/items</c>: the items of a <c>for_each</c> task, filtered by state and keyset-paged by index.</summary>
internal static class ItemEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/runs").WithTags("Runs").MapGet("/{id}/tasks/{task}/items", ListAsync)
            .WithSummary("Items of a for_each task in index order (state, attempts, times, error, outputs) with counts per state. Page with 'after' = the previous page's next_after.")
            .Produces<TaskItemsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Parses the item filters (shared with the item page); a bad one becomes a 400 naming the parameter.</summary>
    public static IResult? TryParseQuery(string runId, string taskId, string? state, string? after, string? limit, out TaskItemQuery query)
    {
        query = new TaskItemQuery(runId, taskId);
        TaskState? parsedState = null;
        if (!string.IsNullOrEmpty(state))
        {
            try
            {
                parsedState = StateNames.ParseTask(state);
            }
            catch (FormatException)
            {
                return Problems.BadField("state", $"'{state}' is not a task state; use one of {string.Join(", ", Enum.GetValues<TaskState>().Select(static s => s.ToName()))}");
            }
        }
        var afterIndex = -1;
        if (!string.IsNullOrEmpty(after) && !int.TryParse(after, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out afterIndex))
        {
            return Problems.BadField("after", $"must be an item index (a whole number), was '{after}'");
        }
        var n = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1 || n > MaxLimit))
        {
            return Problems.BadField("limit", $"must be a whole number from 1 to {MaxLimit}, was '{limit}'");
        }
        query = new TaskItemQuery(runId, taskId, parsedState, afterIndex, n);
        return null;
    }

    /// <summary>The page and whether another follows: one extra row is read instead of counting.</summary>
    public static async Task<(TaskItemPage Page, int? NextAfter)> ReadAsync(IStateStore store, TaskItemQuery query, CancellationToken cancellationToken)
    {
        var page = await store.GetTaskItemsAsync(query with { Limit = query.Limit + 1 }, cancellationToken).ConfigureAwait(false);
        if (page.Items.Count <= query.Limit)
        {
            return (page, null);
        }
        var items = page.Items.Take(query.Limit).ToList();
        return (page with { Items = items }, items[^1].MapIndex);
    }

    private static async Task<IResult> ListAsync(string id, string task, string? state, string? after, string? limit, IStateStore store, CancellationToken cancellationToken)
    {
        if (TryParseQuery(id, task, state, after, limit, out var query) is { } bad)
        {
            return bad;
        }
        if (await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound("Run", id);
        }
        var (page, next) = await ReadAsync(store, query, cancellationToken).ConfigureAwait(false);
        var counts = page.Counts.OrderBy(static c => c.Key).ToDictionary(static c => c.Key.ToName(), static c => c.Value, StringComparer.Ordinal);
        return Results.Ok(new TaskItemsDto(id, task, counts, [.. page.Items.Select(TaskItemDto.From)], next));
    }
}
