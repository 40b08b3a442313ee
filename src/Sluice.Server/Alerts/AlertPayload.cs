using System.Text.Json;

namespace Sluice.Server.Alerts;

/// <summary>
/// The JSON body of an alert: Slack-compatible (<c>text</c>, which Slack, Mattermost, Rocket.Chat and Teams
/// workflows show) plus structured fields for programs.
/// </summary>
internal static class AlertPayload
{
    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.RunFailed => "run_failed",
        AlertKind.RetriesExhausted => "retries_exhausted",
        AlertKind.SlaMissed => "sla_missed",
        AlertKind.QualityGate => "quality_gate",
        AlertKind.StreamAnomaly => "stream_anomaly",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The body; with <paramref name="publicUrl"/>, the run's absolute link is in <c>run_url</c> and ends <c>text</c>.</summary>
    public static byte[] Serialize(Alert alert, Uri? publicUrl = null)
    {
        var runPath = "runs/" + Uri.EscapeDataString(alert.RunId);
        var runUrl = publicUrl is null ? null : new Uri(new Uri(publicUrl.AbsoluteUri.TrimEnd('/') + "/"), runPath).AbsoluteUri;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("text", $"{Title(alert.Kind)} {alert.PipelineId} (run {alert.RunId}): {alert.Message}{(runUrl is null ? "" : " — " + runUrl)}");
            w.WriteString("kind", KindName(alert.Kind));
            w.WriteString("pipeline", alert.PipelineId);
            w.WriteString("run_id", alert.RunId);
            if (alert.TaskId is null)
            {
                w.WriteNull("task_id");
            }
            else
            {
                w.WriteString("task_id", alert.TaskId);
            }
            w.WriteString("message", alert.Message);
            w.WriteString("occurred_at", alert.OccurredAt.ToUniversalTime());
            w.WriteString("run_path", "/" + runPath);
            if (runUrl is not null)
            {
                w.WriteString("run_url", runUrl);
            }
            w.WriteStartObject("fields");
            foreach (var (key, value) in alert.Fields.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Title(AlertKind kind) => kind switch
    {
        AlertKind.RunFailed => "[Sluice] Run failed:",
        AlertKind.RetriesExhausted => "[Sluice] Retries exhausted:",
        AlertKind.SlaMissed => "[Sluice] SLA missed:",
        AlertKind.QualityGate => "[Sluice] Quality gate warning:",
        AlertKind.StreamAnomaly => "[Sluice] Stream anomaly:",
        _ => "[Sluice]",
    };
}
