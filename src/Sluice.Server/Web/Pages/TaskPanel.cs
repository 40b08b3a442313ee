using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>The per-task panel: state, why it waits, attempts, error, log and outputs (two queries: attempts, logs).</summary>
internal static class TaskPanel
{
    private const int LogLines = 500;

    /// <summary>Stored JSON indented, with characters such as <c>&gt;</c> as themselves rather than <c>\u003E</c> (the page escapes HTML).</summary>
    public static string Pretty(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(json), RunPage.Indented);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    public static async Task WriteAsync(Html h, string runId, TaskView t, IStateStore store, CancellationToken cancellationToken)
    {
        var attempts = await store.GetAttemptsAsync(runId, t.Id, cancellationToken).ConfigureAwait(false);
        var logs = await store.GetLogsAsync(runId, t.Id, 0, LogLines, cancellationToken).ConfigureAwait(false);
        h.Raw("<div class=\"task-detail\"").Attr("data-task", t.Id).Raw("><h2>").Text(t.Id).Raw(" ").Badge(t.State.ToName()).Raw("</h2>");
        if (t.Name is not null && t.Name != t.Id)
        {
            h.Raw("<p>").Text(t.Name).Raw("</p>");
        }
        h.Raw("<p class=\"meta\">action <code>").Text(t.Action).Raw("</code>");
        if (t.Dependencies.Count > 0)
        {
            h.Raw(" · after ").Text(string.Join(", ", t.Dependencies));
        }
        if (t.Items is { } n)
        {
            h.Raw(" · items ").Text(t.ItemsSucceeded).Raw("/").Text(n).Raw(" succeeded, ").Text(t.ItemsFailed).Raw(" failed, ").Text(t.ItemsRunning).Raw(" running");
            h.Raw(" · <a class=\"items-link\"").Attr("href", $"/runs/{Uri.EscapeDataString(runId)}/tasks/{Uri.EscapeDataString(t.Id)}/items").Raw(">every item →</a>");
        }
        h.Raw("</p>");
        if (t.WaitingFor is not null)
        {
            h.Raw("<p class=\"waiting\"><strong>Not running:</strong> ").Text(t.WaitingFor).Raw("</p>");
        }
        if (t.Error is not null)
        {
            h.Raw("<div class=\"task-error\"><strong>Error</strong><pre>").Text(t.Error).Raw("</pre></div>");
        }
        h.Raw("<h3>Attempts</h3>");
        if (attempts.Count == 0)
        {
            h.Raw("<p class=\"muted\">None yet.</p>");
        }
        else
        {
            h.Raw("<table class=\"grid small\"><thead><tr><th>#</th><th>Item</th><th>State</th><th>Started</th><th>Ended</th><th>Error</th></tr></thead><tbody>");
            foreach (var a in attempts.TakeLast(100))
            {
                h.Raw("<tr><td>").Text(a.Attempt).Raw("</td><td>").Text(a.MapIndex < 0 ? "" : a.MapIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Raw("</td><td>").Badge(a.State.ToName()).Raw("</td><td>").Text(Layout.Time(a.StartedAt)).Raw("</td><td>").Text(Layout.Time(a.EndedAt))
                    .Raw("</td><td>").Short(a.Error, 200).Raw("</td></tr>");
            }
            h.Raw("</tbody></table>");
        }
        var decisions = logs.Where(static l => l.Stream == LogStreams.Auto).ToList();
        if (decisions.Count > 0)
        {
            h.Raw("<h3>&lt;AUTO&gt; decisions</h3><ul class=\"auto-decisions\">");
            foreach (var l in decisions)
            {
                h.Raw("<li>").Text(l.MapIndex >= 0 ? $"[{l.MapIndex}] " : "").Text(l.Text).Raw("</li>");
            }
            h.Raw("</ul>");
        }
        h.Raw("<h3>Log</h3>");
        if (logs.Count == 0)
        {
            h.Raw("<p class=\"muted\">No log lines.</p>");
        }
        else
        {
            h.Raw("<pre class=\"log\">");
            foreach (var l in logs)
            {
                h.Raw("<span").Attr("class", "log-" + l.Stream).Raw(">").Text(l.MapIndex >= 0 ? $"[{l.MapIndex}] " : "").Text(l.Text).Raw("</span>\n");
            }
            h.Raw("</pre>");
            if (logs.Count == LogLines)
            {
                h.Raw("<p class=\"muted\">First ").Text(LogLines).Raw(" lines; the rest via <a").Attr("href", $"/api/runs/{Uri.EscapeDataString(runId)}/logs?task={Uri.EscapeDataString(t.Id)}&after={logs[^1].Sequence}").Raw(">the API</a>.</p>");
            }
        }
        if (t.OutputsJson is not null)
        {
            h.Raw("<h3>Outputs</h3>");
            OutputsView.Write(h, t.OutputsJson);
        }
        h.Raw("</div>");
    }
}
