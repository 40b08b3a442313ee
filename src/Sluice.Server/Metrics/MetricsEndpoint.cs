using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Runs;

namespace Sluice.Server.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", static (ServerMetrics metrics, RunHost host) => Results.Text(MetricsDocument.Render(metrics, host), MetricsDocument.ContentType))
            .WithTags("Metrics").WithSummary("Prometheus metrics: runs and task instances by state, task durations, active runs, queue depth.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
}
