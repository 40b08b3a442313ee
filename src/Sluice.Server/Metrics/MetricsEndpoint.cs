using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Alerts;
using Sluice.Server.Runs;
using Sluice.Server.Scheduling;

namespace Sluice.Server.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", static (ServerMetrics metrics, RunHost host, ScheduleHost schedule, ScheduleLagObserver lag, AlertNotifier alerts) =>
                Results.Text(MetricsDocument.Render(metrics, host, schedule, lag, alerts), MetricsDocument.ContentType))
            .WithTags("Metrics").WithSummary("Prometheus metrics: runs and task instances by state, task durations, active runs, queue depth, scheduler lag and next fires, trigger runs, SLA misses, alerts.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
}
