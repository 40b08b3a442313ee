using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Dag;

/// <summary>Draws when each task ran, in start order.</summary>
internal static class GanttSvg
{
    private const int LabelWidth = 190;
    private const int ChartWidth = 760;
    private const int RowHeight = 18;
    private const int Top = 22;

    /// <summary>
    /// One row per started task; an unmapped task gets one bar per attempt (a retried or cleared task shows every try,
    /// each coloured by how it ended), a mapped task one bar from its first item's start to its end.
    /// </summary>
    public static void Write(Html h, IReadOnlyList<TaskView> tasks, IReadOnlyList<AttemptRecord> attempts, DateTimeOffset now)
    {
        var byTask = attempts.Where(static a => a.MapIndex < 0).GroupBy(static a => a.TaskId, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.OrderBy(static a => a.Attempt).ToList(), StringComparer.Ordinal);
        var rows = tasks.Select(t => (Task: t, Attempts: byTask.GetValueOrDefault(t.Id), Start: Start(t, byTask.GetValueOrDefault(t.Id))))
            .Where(static r => r.Start is not null).OrderBy(static r => r.Start).ThenBy(static r => r.Task.Id, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            h.Raw("<p class=\"muted\">No task has started yet.</p>");
            return;
        }
        var t0 = rows[0].Start!.Value;
        var t1 = rows.Max(r => Max(r.Task.EndedAt ?? now, r.Attempts is null ? t0 : r.Attempts.Max(a => a.EndedAt ?? now)));
        var total = Math.Max((t1 - t0).TotalSeconds, 0.001);
        var height = Top + rows.Count * RowHeight + 4;
        h.Raw("<div class=\"gantt-scroll\"><svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\"").Num("width", LabelWidth + ChartWidth + 10).Num("height", height).Raw(">");
        for (var q = 0; q <= 4; q++)
        {
            var x = LabelWidth + ChartWidth * q / 4.0;
            h.Raw("<line class=\"tick\"").Num("x1", x).Num("x2", x).Num("y1", Top - 4).Num("y2", height).Raw("/>");
            h.Raw("<text class=\"tick-label\"").Num("x", x).Raw(q == 4 ? " text-anchor=\"end\"" : "").Raw(" y=\"12\">").Text("+" + Layout.Span(TimeSpan.FromSeconds(total * q / 4))).Raw("</text>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var (t, tries, start) = rows[i];
            var y = Top + i * RowHeight;
            h.Raw("<text class=\"row-label\" x=\"4\"").Num("y", y + 12).Raw(">").Short(t.Id, 26).Raw("</text>");
            if (tries is null || t.Items is not null)
            {
                Bar(h, t.Id, null, t.State, start!.Value, t.EndedAt, t0, total, y, now);
                continue;
            }
            foreach (var a in tries)
            {
                Bar(h, t.Id, a.Attempt, a.State, a.StartedAt, a.EndedAt, t0, total, y, now);
            }
        }
        h.Raw("</svg></div>");
    }

    private static void Bar(Html h, string task, int? attempt, TaskState state, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset t0, double total, int y, DateTimeOffset now)
    {
        var x = LabelWidth + (start - t0).TotalSeconds / total * ChartWidth;
        var w = Math.Max(2, ((end ?? now) - start).TotalSeconds / total * ChartWidth);
        h.Raw("<rect").Attr("class", "bar st-" + state.ToName()).Attr("data-task", task);
        if (attempt is { } n)
        {
            h.Attr("data-attempt", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        h.Num("x", x).Num("y", y + 2).Num("width", w).Num("height", RowHeight - 5).Raw(" rx=\"2\">")
            .Raw("<title>").Text(task).Text(attempt is { } k ? $" attempt {k}" : "").Raw(": ").Text(state.ToName()).Raw(", ").Text(Layout.Duration(start, end, now)).Raw("</title></rect>");
    }

    private static DateTimeOffset? Start(TaskView t, List<AttemptRecord>? tries) =>
        tries is { Count: > 0 } && t.Items is null ? tries[0].StartedAt : t.StartedAt;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
