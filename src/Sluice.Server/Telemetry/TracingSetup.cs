using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sluice.Server.Telemetry;

/// <summary>
/// OTLP export of Sluice's spans, switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable
/// (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c> and <c>OTEL_SERVICE_NAME</c>
/// read by the exporter as usual). Without it nothing is exported and no span is created.
/// </summary>
internal static class TracingSetup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>A tracer provider exporting the <c>Sluice</c> source over OTLP, or null when the endpoint variable is unset.</summary>
    public static TracerProvider? CreateProvider(Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(environment(EndpointVariable)))
        {
            return null;
        }
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(serviceName: environment("OTEL_SERVICE_NAME") ?? "sluice", serviceVersion: typeof(TracingSetup).Assembly.GetName().Version?.ToString()))
            .AddSource(SluiceTelemetry.SourceName)
            .AddOtlpExporter()
            .Build();
    }
}
