using System.Globalization;
using System.Text.Json;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// A task's outputs for people: one row per output; scalars as text, lists of flat records (failing rows, check results)
/// as tables, anything else as indented JSON with characters such as <c>&gt;</c> as themselves (the page HTML-escapes
/// every value). A <c>transformation_log</c>-like output (a <c>steps</c> object of per-step counters) also gets a
/// rows-in/rows-out table per step. The whole outputs stay one click away as indented JSON.
/// </summary>
internal static class OutputsView
{
    private const int MaxChars = 20_000;
    private const int MaxTableRows = 200;
    private const int MaxTableColumns = 12;

    public static void Write(Html h, string outputsJson)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(outputsJson);
        }
        catch (JsonException)
        {
            h.Raw("<pre class=\"outputs\">").Short(outputsJson, MaxChars).Raw("</pre>");
            return;
        }
        if (root.ValueKind != JsonValueKind.Object || outputsJson.Length > 20 * MaxChars)
        {
            h.Raw("<pre class=\"outputs\">").Short(TaskPanel.Pretty(outputsJson), MaxChars).Raw("</pre>");
            return;
        }
        foreach (var p in root.EnumerateObject())
        {
            if (StepRows(p.Value) is { } steps)
            {
                WriteSteps(h, p.Name, Long(p.Value, "rows_in"), steps);
            }
        }
        h.Raw("<table class=\"grid small kv outputs\"><tbody>");
        foreach (var p in root.EnumerateObject())
        {
            h.Raw("<tr").Attr("data-output", p.Name).Raw("><th>").Text(p.Name).Raw("</th><td>");
            WriteValue(h, p.Value);
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table><details><summary>All outputs as JSON</summary><pre class=\"outputs\">").Short(TaskPanel.Pretty(outputsJson), MaxChars).Raw("</pre></details>");
    }

    private static void WriteValue(Html h, JsonElement v)
    {
        if (IsScalar(v))
        {
            h.Text(Scalar(v));
        }
        else if (TableColumns(v) is { } columns)
        {
            WriteTable(h, v, columns);
        }
        else
        {
            h.Raw("<pre>").Short(JsonSerializer.Serialize(v, RunPage.Indented), MaxChars).Raw("</pre>");
        }
    }

    /// <summary>The columns of a list of flat records (every item an object of scalars), in first-seen order; else null.</summary>
    private static List<string>? TableColumns(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
        {
            return null;
        }
        var columns = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            foreach (var p in item.EnumerateObject())
            {
                if (!IsScalar(p.Value) && !IsScalarList(p.Value))
                {
                    return null;
                }
                if (!columns.Contains(p.Name, StringComparer.Ordinal))
                {
                    columns.Add(p.Name);
                }
            }
        }
        return columns.Count is > 0 and <= MaxTableColumns ? columns : null;
    }

    private static void WriteTable(Html h, JsonElement list, List<string> columns)
    {
        h.Raw("<table class=\"grid small records\"><thead><tr>");
        foreach (var c in columns)
        {
            h.Raw("<th>").Text(c).Raw("</th>");
        }
        h.Raw("</tr></thead><tbody>");
        var shown = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (shown++ == MaxTableRows)
            {
                break;
            }
            h.Raw("<tr>");
            foreach (var c in columns)
            {
                h.Raw("<td>");
                if (item.TryGetProperty(c, out var cell))
                {
                    h.Short(cell.ValueKind == JsonValueKind.Array ? string.Join(", ", cell.EnumerateArray().Select(Scalar)) : Scalar(cell), 300);
                }
                h.Raw("</td>");
            }
            h.Raw("</tr>");
        }
        h.Raw("</tbody></table>");
        if (list.GetArrayLength() > MaxTableRows)
        {
            h.Raw("<p class=\"muted small\">First ").Text(MaxTableRows).Raw(" of ").Text(list.GetArrayLength()).Raw(" rows.</p>");
        }
    }

    /// <summary>The per-step counters of a transformation log: <c>{rows_in, steps: {name: {kind, rows_out, …}}}</c>; else null.</summary>
    private static List<(string Name, JsonElement Stats)>? StepRows(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var rows = new List<(string, JsonElement)>();
        foreach (var s in steps.EnumerateObject())
        {
            if (s.Value.ValueKind != JsonValueKind.Object || !s.Value.TryGetProperty("rows_out", out _))
            {
                return null;
            }
            rows.Add((s.Name, s.Value));
        }
        return rows.Count > 0 ? rows : null;
    }

    private static void WriteSteps(Html h, string output, long? rowsIn, List<(string Name, JsonElement Stats)> steps)
    {
        h.Raw("<h4>Rows per step <span class=\"muted small\">").Text(output).Raw("</span></h4><table class=\"grid small steps\"").Attr("data-output", output)
            .Raw("><thead><tr><th>Step</th><th>Kind</th><th class=\"num\">Rows in</th><th class=\"num\">Rows out</th><th class=\"num\">Change</th><th class=\"num\">Rejected</th><th class=\"num\">Flagged</th></tr></thead><tbody>");
        // A step reads what the step before it wrote; the first reads what the task read.
        foreach (var (name, stats) in steps)
        {
            var rowsOut = Long(stats, "rows_out");
            h.Raw("<tr").Attr("data-step", name).Raw("><td>").Text(name).Raw("</td><td>").Text(stats.TryGetProperty("kind", out var k) ? Scalar(k) : "")
                .Raw("</td><td class=\"num\">").Text(Count(rowsIn)).Raw("</td><td class=\"num\">").Text(Count(rowsOut)).Raw("</td><td class=\"num\">")
                .Text(rowsIn is { } a && rowsOut is { } b ? (b - a).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture) : "")
                .Raw("</td><td class=\"num\">").Text(Count(Long(stats, "rejected"))).Raw("</td><td class=\"num\">").Text(Count(Long(stats, "flagged"))).Raw("</td></tr>");
            rowsIn = rowsOut;
        }
        h.Raw("</tbody></table>");
    }

    private static long? Long(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static string Count(long? n) => n?.ToString("#,0", CultureInfo.InvariantCulture) ?? "";

    private static bool IsScalar(JsonElement v) => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static bool IsScalarList(JsonElement v) => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(IsScalar);

    private static string Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => v.GetRawText(),
    };
}
