using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// Generators of pipeline-shaped YAML: random nesting in block and flow style, anchors, aliases and merge keys, odd
/// scalars, plus alias bombs; and the tokens the mutator inserts into YAML seeds.
/// </summary>
internal static class YamlGen
{
    /// <summary>Tokens that matter to YAML or to the pipeline format.</summary>
    public static readonly string[] Tokens =
    [
        "&a ", "*a", "&b ", "*b", "<<: *a\n", "<<: [*a, *b]", "- ", ": ", "? ", "{", "}", "[", "]", ", ", "---\n", "...\n", "%YAML 1.2\n",
        "!!str ", "!!int ", "!!binary ", "!custom ", "|\n", ">-\n", "\"", "'", "#", "\t", "{{ ", " }}", "{{ inputs.x }}", "{{ range(3) }}",
        "id: x\n", "tasks:\n", "- id: t\n  action: noop\n", "action: shell\n", "dependencies: [a]\n", "for_each: ", "condition: ", "retries: ",
        "timeout: ", "~", "null", ".inf", "-.nan", "0x1F", "0o17", "1e999", "99999999999999999999999", "2026-12-07T10:00:00Z", "yes", "on",
        "P1D", "5m", "-1", "\\u0000", "\\x", "\n  ", "\n- ", "<<: ",
    ];

    private static readonly string[] Keys =
    [
        "id", "name", "version", "description", "tasks", "action", "parameters", "dependencies", "for_each", "condition", "retries",
        "retry_delay", "backoff", "timeout", "trigger_rule", "outputs", "inputs", "defaults", "type", "default", "required", "pool", "priority",
        "sla", "max_duration", "triggers", "metadata", "models", "model", "max_active_tasks", "parallel", "command", "source", "format",
        "sources", "path", "url", "query", "<<", "x", "unknown_key", "",
    ];

    private static readonly string[] Scalars =
    [
        "0", "1", "-1", "3", "2.5", "1e999", "-.inf", ".nan", "0x1F", "0o17", "1_000", "99999999999999999999999", "true", "false", "yes", "no",
        "on", "~", "null", "''", "\"\"", "\"\\u0000\"", "\"\\x41\"", "'it''s'", "5m", "30s", "P1D", "-5s", "1h30m", "2026-12-07", "2026-12-07T10:00:00Z",
        "noop", "shell", "ingest_from_sources", "sql", "all_success", "one_failed", "exponential", "\"{{ range(3) }}\"",
        "\"{{ inputs.x }}\"", "\"{{ item }}\"", "\"{{ a.stdout }}\"", "\"{{ 1/0 }}\"", "\"{{ [[0]*100]*100 }}\"", "\"{{\"", "\"}}\"",
        "\"echo {{ item }}\"", "inputs.mode == 'full'", "!!str 12", "!!int x", "!!binary aGVsbG8=", "!custom v", "\"\\t\"", "a b c", "ø",
        "\"\\uD800\"", "x:y", "- x", "'#'",
    ];

    /// <summary>A pipeline: an id, maybe inputs and defaults, and 0-8 tasks with random parameters, references and anchors.</summary>
    public static Gen<string> Pipeline() =>
        from id in Gen.Elements("p", "my_pipeline", "", "1", "a b", "~", "[x]", "{{ x }}")
        from header in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Entry(1), n))
        from tasks in Gen.Choose(0, 8).SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n), i => Task(i, n)))
        from tasksStyle in Gen.Elements("block", "flow", "none", "scalar")
        select Render(id, header, tasks, tasksStyle);

    /// <summary>
    /// Nested anchors where each level aliases the previous one several times (the "billion laughs"), in block or flow
    /// style, at a random place in an otherwise valid pipeline.
    /// </summary>
    public static Gen<string> AliasBomb() =>
        from depth in Gen.Choose(1, 14)
        from width in Gen.Choose(1, 14)
        from flow in Gen.Elements(true, false)
        from place in Gen.Elements("parameters", "metadata", "top", "merge")
        select Bomb(depth, width, flow, place);

    private static string Bomb(int depth, int width, bool flow, string where)
    {
        var sb = new System.Text.StringBuilder();
        var indent = where == "top" ? "" : "      ";
        sb.Append("id: bomb\n");
        if (where == "top")
        {
            sb.Append("metadata:\n");
            indent = "  ";
        }
        else
        {
            sb.Append("tasks:\n  - id: t\n    action: noop\n    ").Append(where == "merge" ? "parameters" : where).Append(":\n");
        }
        sb.Append(indent).Append("l0: &l0 [lol, lol]\n");
        for (var i = 1; i < depth; i++)
        {
            sb.Append(indent).Append('l').Append(i).Append(": &l").Append(i).Append(' ');
            var refs = Enumerable.Repeat($"*l{i - 1}", width);
            if (flow)
            {
                sb.Append('[').Append(string.Join(", ", refs)).Append("]\n");
            }
            else
            {
                sb.Append('\n');
                foreach (var r in refs)
                {
                    sb.Append(indent).Append("  - ").Append(r).Append('\n');
                }
            }
        }
        if (where == "merge")
        {
            sb.Append(indent).Append("m: {<<: {k: *l").Append(depth - 1).Append("}}\n");
        }
        return sb.ToString();
    }

    private static Gen<string> Task(int index, int count) =>
        from id in Gen.Frequency((8, Gen.Constant($"t{index}")), (1, Gen.Elements("", "t0", "bad id", "x".PadRight(300, 'x'), "~")))
        from action in Gen.Elements("noop", "shell", "ingest_from_sources", "sql", "http_request", "pipeline", "nosuch", "")
        from deps in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, count + 1).Select(d => $"t{d}"), n))
        from entries in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Entry(2), n))
        from anchor in Gen.Frequency((3, Gen.Constant("")), (1, Gen.Elements("&a ", "&b ")))
        select $"  - {anchor}{{id: {Quote(id)}, action: {Quote(action)}"
            + (deps.Length > 0 ? $", dependencies: [{string.Join(", ", deps)}]" : "")
            + "}\n" + string.Concat(entries.Select(static e => Indented(e, "    ")));

    private static Gen<string> Entry(int depth) =>
        from key in Gen.Elements(Keys)
        from value in Value(depth)
        from anchor in Gen.Frequency((6, Gen.Constant("")), (1, Gen.Elements("&a ", "&b ", "&c ")))
        from merged in Gen.Elements("*a", "*b", "[*a, *b]", "{x: 1}", "1")
        select key == "<<" ? $"<<: {merged}\n" : $"{key}: {anchor}{value}\n";

    private static Gen<string> Value(int depth) => Gen.Sized(size => ValueOf(Math.Min(size / 10, 5) + depth));

    private static Gen<string> ValueOf(int depth)
    {
        var scalar = Gen.Frequency((10, Gen.Elements(Scalars)), (1, Gen.Elements("*a", "*b", "*c", "*nosuch")),
            (1, Gen.Choose(-1000, 100000).Select(static i => i.ToString(CultureInfo.InvariantCulture))));
        if (depth <= 0)
        {
            return scalar;
        }
        var list = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(ValueOf(depth - 1), n)).Select(static items => $"[{string.Join(", ", items)}]");
        var entry =
            from k in Gen.Elements(Keys)
            from v in ValueOf(depth - 1)
            select k == "<<" ? "<<: *a" : $"{Quote(k)}: {v}";
        var map = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(entry, n)).Select(static items => $"{{{string.Join(", ", items)}}}");
        return Gen.Frequency((4, scalar), (1, list), (1, map));
    }

    private static string Render(string id, string[] header, string[] tasks, string style)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("id: ").Append(Quote(id)).Append('\n');
        foreach (var h in header)
        {
            sb.Append(h);
        }
        switch (style)
        {
            case "none":
                break;
            case "scalar":
                sb.Append("tasks: noop\n");
                break;
            case "flow" when tasks.Length > 0:
                sb.Append("tasks: [").Append(string.Join(", ", tasks.Select(static t => t.Split('\n')[0].Trim()[2..]))).Append("]\n");
                break;
            default:
                sb.Append("tasks:\n");
                foreach (var t in tasks)
                {
                    sb.Append(t);
                }
                break;
        }
        return sb.ToString();
    }

    private static string Indented(string entry, string indent) => indent + entry;

    private static string Quote(string s) => s.Length == 0 || s.Contains(' ', StringComparison.Ordinal) || s.Contains('{', StringComparison.Ordinal) ? $"\"{s}\"" : s;
}
