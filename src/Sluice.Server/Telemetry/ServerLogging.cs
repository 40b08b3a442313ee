using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Sluice.Server.Telemetry;

/// <summary>The <c>--log-format json</c> console: one JSON object per line on stderr, UTC timestamps, scopes and message fields included.</summary>
internal static class ServerLogging
{
    public static void UseJson(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(static o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        // stdout stays free for what a command prints; every log level goes to stderr.
        logging.Services.Configure<ConsoleLoggerOptions>(static o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
