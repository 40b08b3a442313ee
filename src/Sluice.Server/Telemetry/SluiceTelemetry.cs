using System.Diagnostics;

namespace Sluice.Server.Telemetry;

/// <summary>
/// The OpenTelemetry names Sluice emits: the <see cref="ActivitySource"/> <c>Sluice</c> with a span per run
/// (<c>run {pipeline}</c>) and a child span per task attempt (<c>task {task}</c>; mapped items are children of
/// their task's span). Attribute names are the <c>sluice.*</c> constants below.
/// </summary>
public static class SluiceTelemetry
{
    /// <summary>The activity source name to subscribe to (<c>AddSource("Sluice")</c>).</summary>
    public const string SourceName = "Sluice";

    /// <summary>Attribute: the pipeline id.</summary>
    public const string Pipeline = "sluice.pipeline";

    /// <summary>Attribute: the run id.</summary>
    public const string RunId = "sluice.run_id";

    /// <summary>Attribute: the task id.</summary>
    public const string TaskId = "sluice.task_id";

    /// <summary>Attribute: the item index of a mapped task (-1 for an unmapped task or a mapped task's parent).</summary>
    public const string MapIndex = "sluice.map_index";

    /// <summary>Attribute: the attempt number, from 1.</summary>
    public const string Attempt = "sluice.attempt";

    /// <summary>Attribute: the final state (<c>succeeded</c>, <c>failed</c>, <c>up_for_retry</c>, <c>cancelled</c>...).</summary>
    public const string State = "sluice.state";

    /// <summary>Attribute: the error message, when the run or attempt failed.</summary>
    public const string Error = "sluice.error";

    internal static readonly ActivitySource Source = new(SourceName, typeof(SluiceTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0");
}
