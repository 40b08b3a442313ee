namespace Sluice.Server.Api.Models;

/// <summary>Body of <c>POST /api/pipelines/{id}/backfills</c>.</summary>
/// <param name="From">The first logical date (inclusive).</param>
/// <param name="To">The last logical date (inclusive).</param>
/// <param name="MaxActive">Runs of the backfill at once. The default is 1.</param>
internal sealed record BackfillRequestBody(DateTimeOffset? From, DateTimeOffset? To, int? MaxActive);
