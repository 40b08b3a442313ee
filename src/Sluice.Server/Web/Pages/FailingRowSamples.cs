using System.Text.Json;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// The quality page's failing-row samples of one task: the <c>failing_rows</c> output (check, row, column, value; bounded
/// by the task's <c>max_failing_rows</c> per check) of the newest run that stored it. A run whose gate failed the task
/// stored no outputs: its samples are read from the task's last attempt's <see cref="LogStreams.FailingRows"/> log lines.
/// A run with neither (an older version of the task, or a failure before the checks ran) is passed over, a few at most.
/// </summary>
internal static class FailingRowSamples
{
    private const int RunsLookedAt = 5;
    private const int MaxRows = 200;

    /// <param name="h">The page.</param>
    /// <param name="taskId">The quality task.</param>
    /// <param name="runIds">The runs that recorded quality scores for the task, newest first.</param>
    /// <param name="store">Where the task's outputs are.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task WriteAsync(Html h, string taskId, IReadOnlyList<string> runIds, IStateStore store, CancellationToken cancellationToken)
    {
        var skipped = new List<string>();
        foreach (var runId in runIds.Take(RunsLookedAt))
        {
            var rows = await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false);
            var row = rows.FirstOrDefault(r => r.TaskId == taskId && r.MapIndex < 0);
            var gateFailed = false;
            if ((row?.OutputsJson is { } json ? Samples(json) : null) is not { } samples)
            {
                if (row is not { State: TaskState.Failed } || await FromLogAsync(store, runId, taskId, cancellationToken).ConfigureAwait(false) is not { } logged)
                {
                    skipped.Add(runId);
                    continue;
                }
                (samples, gateFailed) = (logged, true);
            }
            h.Raw("<section class=\"failing-rows\"").Attr("data-task", taskId).Attr("data-run", runId).Raw("><h3>Failing rows</h3><p class=\"muted small\">Samples of run <a")
                .Attr("href", "/runs/" + Uri.EscapeDataString(runId) + "?task=" + Uri.EscapeDataString(taskId) + "#task-panel").Raw(">").Text(runId).Raw("</a>");
            if (skipped.Count > 0)
            {
                h.Raw(" (newer runs without stored outputs: ").Text(string.Join(", ", skipped)).Raw(")");
            }
            h.Raw(gateFailed ? ", whose quality gate failed the task (the samples of its last attempt, from its log)." : ".").Raw("</p>");
            if (samples.GetArrayLength() == 0)
            {
                h.Raw("<p class=\"muted\">No failing rows: every check passed.</p></section>");
                return;
            }
            h.Raw("<table class=\"grid small samples\"><thead><tr><th>Check</th><th class=\"num\">Row</th><th>Column</th><th>Value</th></tr></thead><tbody>");
            foreach (var s in samples.EnumerateArray().Take(MaxRows))
            {
                h.Raw("<tr><td>").Short(Text(s, "check"), 200).Raw("</td><td class=\"num\">").Text(Text(s, "row")).Raw("</td><td>").Text(Text(s, "column"))
                    .Raw("</td><td><code>").Short(Text(s, "value"), 200).Raw("</code></td></tr>");
            }
            h.Raw("</tbody></table></section>");
            return;
        }
        if (skipped.Count > 0)
        {
            h.Raw("<p class=\"muted failing-rows-none\">No failing-row samples stored by the last ").Text(skipped.Count).Raw(" runs.</p>");
        }
    }

    /// <summary>The failing-row samples the task's last attempt logged when its gate failed it, or null when it logged none.</summary>
    private static async Task<JsonElement?> FromLogAsync(IStateStore store, string runId, string taskId, CancellationToken cancellationToken)
    {
        var lines = (await store.GetLogsAsync(runId, taskId, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Where(static l => l.Stream == LogStreams.FailingRows && l.MapIndex < 0).ToList();
        if (lines.Count == 0)
        {
            return null;
        }
        var last = lines.Max(static l => l.Attempt);
        try
        {
            return JsonSerializer.Deserialize<JsonElement>("[" + string.Join(",", lines.Where(l => l.Attempt == last).Take(MaxRows).Select(static l => l.Text)) + "]");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Samples(string outputsJson)
    {
        try
        {
            var root = JsonSerializer.Deserialize<JsonElement>(outputsJson);
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("failing_rows", out var f) && f.ValueKind == JsonValueKind.Array ? f : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement o, string name) => !o.TryGetProperty(name, out var v) ? "" : v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Null => "null",
        _ => v.GetRawText(),
    };
}
