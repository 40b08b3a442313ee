using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Sluice.Server.Metrics;

/// <summary>
/// Exports the <see cref="ServerMetrics"/> meter through OpenTelemetry: always to the Prometheus scrape endpoint
/// <c>GET /metrics</c>, and over OTLP when <see cref="ServerOptions.OtlpEndpoint"/> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> variable names a collector.
/// </summary>
internal static class MetricsExport
{
    /// <summary>The variables that switch OTLP export on when <see cref="ServerOptions.OtlpEndpoint"/> is not set.</summary>
    public static readonly string[] EndpointVariables = ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    /// <summary>A meter provider reading only <paramref name="metrics"/>' meter, with the Prometheus exporter and, when configured, OTLP.</summary>
    public static MeterProvider CreateProvider(ServerMetrics metrics, ServerOptions options, Func<string, string?> environment)
    {
        var meter = metrics.Meter;
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(serviceName: environment("OTEL_SERVICE_NAME") ?? "sluice", serviceVersion: meter.Version))
            .AddMeter(ServerMetrics.MeterName)
            // Listening is by meter name, and every server hosted in one process has a meter named Sluice: each
            // provider keeps its own server's instruments only, so two servers never count each other's runs.
            .AddView(instrument => ReferenceEquals(instrument.Meter, meter) ? null : MetricStreamConfiguration.Drop)
            .AddPrometheusExporter(static o =>
            {
                // A scrape right after a run must see it: no cached responses.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                // One meter: a scope label on every series would only change the series Sluice has always served.
                o.ScopeInfoEnabled = false;
            });
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = options.OtlpProtocol;
                // Like OTEL_EXPORTER_OTLP_ENDPOINT, the option names the collector; OTLP/HTTP posts to its /v1/metrics.
                exporter.Endpoint = options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf
                    ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics")
                    : endpoint;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
            });
        }
        else if (EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(environment(v))))
        {
            // The exporter reads every OTEL_EXPORTER_OTLP_* and OTEL_METRIC_EXPORT_INTERVAL variable itself.
            builder.AddOtlpExporter();
        }
        return builder.Build();
    }

    /// <summary>Maps <c>GET /metrics</c> to the Prometheus exporter of <paramref name="provider"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, MeterProvider provider) =>
        app.MapPrometheusScrapingEndpoint("/metrics", provider, null, null)
            .WithTags("Metrics").WithSummary("Prometheus metrics: runs and task instances by state, task durations, active runs, queue depth, scheduler lag and next fires, trigger runs, SLA misses, alerts, model usage.");
}
