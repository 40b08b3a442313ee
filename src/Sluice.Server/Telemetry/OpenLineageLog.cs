using Microsoft.Extensions.Logging;

namespace Sluice.Server.Telemetry;

/// <summary>The server's log of OpenLineage delivery problems (an event dropped, the store unreadable).</summary>
internal static partial class OpenLineageLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void Problem(ILogger logger, string message);
}
