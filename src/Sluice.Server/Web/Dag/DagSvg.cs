using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Web.Dag;

/// <summary>
/// Draws a run's DAG as inline SVG: one node per task (a mapped task is one node with its item
/// counts), coloured by state through CSS classes, each a link to the task's panel.
/// </summary>
internal static class DagSvg
{
    public const int NodeWidth = 180;
    public const int NodeHeight = 36;
    private const int GapX = 56;
    private const int GapY = 12;
    private const int Pad = 8;
    private const int LabelChars = 24;

    public static void Write(Html h, IReadOnlyList<TaskView> tasks, Func<TaskView, string> link)
    {
        var positions = DagLayout.Compute([.. tasks.Select(static t => t.Id)], [.. tasks.Select(static t => t.Dependencies)]);
        var columns = positions.Length == 0 ? 0 : positions.Max(static p => p.Column) + 1;
        var rows = positions.Length == 0 ? 0 : positions.Max(static p => p.Row) + 1;
        var width = Pad * 2 + columns * NodeWidth + Math.Max(0, columns - 1) * GapX;
        var height = Pad * 2 + rows * NodeHeight + Math.Max(0, rows - 1) * GapY;
        var index = new Dictionary<string, int>(tasks.Count, StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            index[tasks[i].Id] = i;
        }
        h.Raw("<div class=\"dag-scroll\"><svg class=\"dag\" xmlns=\"http://www.w3.org/2000/svg\"").Num("width", width).Num("height", height)
            .Attr("viewBox", $"0 0 {width} {height}").Raw(" role=\"img\" aria-label=\"Task graph\"><g class=\"edges\">");
        for (var i = 0; i < tasks.Count; i++)
        {
            var (x2, y2) = Origin(positions[i]);
            foreach (var dep in tasks[i].Dependencies)
            {
                if (!index.TryGetValue(dep, out var d))
                {
                    continue;
                }
                var (x1, y1) = Origin(positions[d]);
                double sx = x1 + NodeWidth, sy = y1 + NodeHeight / 2.0, ex = x2, ey = y2 + NodeHeight / 2.0, mid = (sx + ex) / 2;
                h.Raw("<path").Attr("d", FormattableString.Invariant($"M{sx:0.#},{sy:0.#} C{mid:0.#},{sy:0.#} {mid:0.#},{ey:0.#} {ex:0.#},{ey:0.#}")).Raw("/>");
            }
        }
        h.Raw("</g><g class=\"nodes\">");
        for (var i = 0; i < tasks.Count; i++)
        {
            WriteNode(h, tasks[i], Origin(positions[i]), link(tasks[i]));
        }
        h.Raw("</g></svg></div>");
    }

    private static (double X, double Y) Origin((int Column, int Row) p) => (Pad + p.Column * (NodeWidth + GapX), Pad + p.Row * (NodeHeight + GapY));

    private static void WriteNode(Html h, TaskView t, (double X, double Y) at, string href)
    {
        var state = t.State.ToName();
        h.Raw("<a class=\"node-link\"").Attr("href", href).Attr("data-task", t.Id).Raw("><g").Attr("class", "node st-" + state).Attr("data-task", t.Id)
            .Attr("data-state", state).Attr("transform", FormattableString.Invariant($"translate({at.X:0.#},{at.Y:0.#})")).Raw(">");
        h.Raw("<title>").Text(t.Id).Raw(t.Name is null ? "" : " — ").Text(t.Name).Raw(" (").Text(state).Raw(")</title>");
        h.Raw("<rect").Num("width", NodeWidth).Num("height", NodeHeight).Raw(" rx=\"5\"/>");
        h.Raw("<text class=\"label\" x=\"8\" y=\"15\">").Short(t.Id, LabelChars).Raw("</text>");
        h.Raw("<text class=\"sub\" x=\"8\" y=\"29\">").Text(SubLabel(t)).Raw("</text></g></a>");
    }

    /// <summary>The second line of a node: item counts of a mapped task, else its state.</summary>
    public static string SubLabel(TaskView t) => t.Items is { } n
        ? FormattableString.Invariant($"{t.State.ToName()} · {t.ItemsSucceeded}/{n} items{(t.ItemsFailed > 0 ? $", {t.ItemsFailed} failed" : "")}")
        : t.State.ToName() + (t.Attempts > 1 ? FormattableString.Invariant($" · attempt {t.Attempts}") : "");
}
