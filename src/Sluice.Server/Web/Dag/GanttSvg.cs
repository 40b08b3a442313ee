using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Dag;

/// <summary>Draws when each task ran: one bar per started task from its start to its end (or now), in start order.</summary>
internal static class GanttSvg
{
    private const int LabelWidth = 190;
    private const int ChartWidth = 760;
    private const int RowHeight = 18;
    private const int Top = 22;

    public static void Write(Html h, IReadOnlyList<TaskView> tasks, DateTimeOffset now)
    {
        var started = tasks.Where(static t => t.StartedAt is not null).OrderBy(static t => t.StartedAt).ThenBy(static t => t.Id, StringComparer.Ordinal).ToList();
        if (started.Count == 0)
        {
            h.Raw("<p class=\"muted\">No task has started yet.</p>");
            return;
        }
        var t0 = started[0].StartedAt!.Value;
        var t1 = started.Max(t => t.EndedAt ?? now);
        var total = Math.Max((t1 - t0).TotalSeconds, 0.001);
        var height = Top + started.Count * RowHeight + 4;
        h.Raw("<div class=\"gantt-scroll\"><svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\"").Num("width", LabelWidth + ChartWidth + 10).Num("height", height).Raw(">");
        for (var q = 0; q <= 4; q++)
        {
            var x = LabelWidth + ChartWidth * q / 4.0;
            h.Raw("<line class=\"tick\"").Num("x1", x).Num("x2", x).Num("y1", Top - 4).Num("y2", height).Raw("/>");
            h.Raw("<text class=\"tick-label\"").Num("x", x).Raw(q == 4 ? " text-anchor=\"end\"" : "").Raw(" y=\"12\">").Text("+" + Layout.Span(TimeSpan.FromSeconds(total * q / 4))).Raw("</text>");
        }
        for (var i = 0; i < started.Count; i++)
        {
            var t = started[i];
            var y = Top + i * RowHeight;
            var x = LabelWidth + (t.StartedAt!.Value - t0).TotalSeconds / total * ChartWidth;
            var w = Math.Max(2, ((t.EndedAt ?? now) - t.StartedAt.Value).TotalSeconds / total * ChartWidth);
            h.Raw("<text class=\"row-label\" x=\"4\"").Num("y", y + 12).Raw(">").Short(t.Id, 26).Raw("</text>");
            h.Raw("<rect").Attr("class", "bar st-" + t.State.ToName()).Attr("data-task", t.Id).Num("x", x).Num("y", y + 2).Num("width", w).Num("height", RowHeight - 5).Raw(" rx=\"2\">")
                .Raw("<title>").Text(t.Id).Raw(": ").Text(Layout.Duration(t.StartedAt, t.EndedAt, now)).Raw("</title></rect>");
        }
        h.Raw("</svg></div>");
    }
}
