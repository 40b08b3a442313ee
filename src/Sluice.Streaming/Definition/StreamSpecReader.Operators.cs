using System.Globalization;
using Sluice.Expressions;

namespace Sluice.Streaming.Definition;

/// <summary>The event-time operators that take the window's place: the stream–stream join and the sequence pattern.</summary>
internal sealed partial class StreamSpecReader
{
    /// <summary>The steps of which a stream has at most one: everything before it sees events, everything after its results.</summary>
    private static readonly string[] TimedKinds = ["window", "join", "pattern"];

    private JoinSpec Join(IReadOnlyDictionary<string, object?> j, string path)
    {
        Known(j, path, "left", "right", "on", "window", "select", "distinct");
        var left = Text(j, "left", path, required: true)!;
        var right = Text(j, "right", path, required: true)!;
        var (leftKeys, rightKeys) = j.GetValueOrDefault("on") switch
        {
            IReadOnlyDictionary<string, object?> on when on.ContainsKey("left") || on.ContainsKey("right") => JoinKeys(on, $"{path}.on"),
            null => throw Error($"{path}.on", "nothing", "the key: a column both sides have, a list, or {left: column, right: column}"),
            var names => (Names(names, $"{path}.on"), Names(names, $"{path}.on")),
        };
        var window = Map(j.GetValueOrDefault("window") ?? throw Error($"{path}.window", "nothing", "{type: tumbling, size: 10s} or {type: interval, lower: 0s, upper: 5s}"), $"{path}.window");
        var type = OneOf(Text(window, "type", $"{path}.window") ?? "tumbling", $"{path}.window.type", "tumbling", "interval");
        var interval = type == "interval";
        long size = 0, lower = 0, upper = 0;
        if (interval)
        {
            Known(window, $"{path}.window", "type", "lower", "upper");
            lower = SignedDuration(window, "lower", $"{path}.window") ?? 0;
            upper = SignedDuration(window, "upper", $"{path}.window") ?? throw Error($"{path}.window.upper", "nothing", "a duration such as 5s (how long after the left event a right event still joins)");
            if (upper < lower)
            {
                throw Error($"{path}.window", $"lower {lower}ms, upper {upper}ms", "lower no larger than upper, such as {lower: 0s, upper: 5s}");
            }
        }
        else
        {
            Known(window, $"{path}.window", "type", "size");
            size = Duration(window, "size", $"{path}.window") ?? throw Error($"{path}.window.size", "nothing", "a duration such as 10s");
            if (size < 1)
            {
                throw Error($"{path}.window.size", size + "ms", "a positive duration");
            }
        }

        var distinct = Bool(j, "distinct", path) ?? false;
        if (distinct && interval)
        {
            throw Error($"{path}.distinct", "true", "distinct with a tumbling window only (an interval join emits each pair as it is found)");
        }

        return new JoinSpec(left, right, leftKeys, rightKeys, interval, size, lower, upper, SideColumns(j.GetValueOrDefault("select"), $"{path}.select", "left", "right"), distinct);
    }

    private (IReadOnlyList<string> Left, IReadOnlyList<string> Right) JoinKeys(IReadOnlyDictionary<string, object?> on, string path)
    {
        Known(on, path, "left", "right");
        var left = Names(on.GetValueOrDefault("left"), $"{path}.left");
        var right = Names(on.GetValueOrDefault("right"), $"{path}.right");
        if (left.Count == 0 || left.Count != right.Count)
        {
            throw Error(path, $"{left.Count} left and {right.Count} right columns", "as many key columns on each side, at least one: {left: id, right: seller}");
        }

        return (left, right);
    }

    private PatternSpec Pattern(IReadOnlyDictionary<string, object?> p, string path)
    {
        Known(p, path, "key", "sequence", "count", "where", "within", "select");
        List<string> steps;
        if (p.ContainsKey("sequence"))
        {
            if (p.ContainsKey("count") || p.ContainsKey("where"))
            {
                throw Error(path, "sequence with count/where", "either sequence: [A, B, …] or count: N with where: P");
            }

            steps = [.. (p["sequence"] as IReadOnlyList<object?> ?? throw Error($"{path}.sequence", ExprValues.ToText(p["sequence"]), "a list of conditions, such as [\"type == 'A'\", \"type == 'B'\"]"))
                .Select((s, i) => s as string ?? throw Error($"{path}.sequence[{i}]", ExprValues.ToText(s), "a condition (a column expression)"))];
        }
        else if (p.ContainsKey("count"))
        {
            var n = Long(p, "count", path) ?? 0;
            if (n is < 1 or > 64)
            {
                throw Error($"{path}.count", n.ToString(CultureInfo.InvariantCulture), "a number of events between 1 and 64");
            }

            var where = Text(p, "where", path, required: true)!;
            steps = [.. Enumerable.Repeat(where, (int)n)];
        }
        else
        {
            throw Error(path, "no sequence or count", "sequence: [A, B, …] (A followed by B) or count: N with where: P (N events matching P)");
        }

        if (steps.Count is < 1 or > 64)
        {
            throw Error($"{path}.sequence", steps.Count + " conditions", "between 1 and 64 conditions");
        }

        var within = Duration(p, "within", path) ?? throw Error($"{path}.within", "nothing", "a duration such as 5m (the last event of a match comes less than this after the first)");
        if (within < 1)
        {
            throw Error($"{path}.within", within + "ms", "a positive duration");
        }

        return new PatternSpec(Names(p.GetValueOrDefault("key"), $"{path}.key"), steps, within, SideColumns(p.GetValueOrDefault("select"), $"{path}.select", "first", "last"));
    }

    /// <summary>
    /// <c>select:</c> of a join or pattern: a map of output name → <c>left.col</c> / <c>right.col</c> (or <c>first.</c> /
    /// <c>last.</c>), or a list of such references named after their column.
    /// </summary>
    private List<SideColumn> SideColumns(object? value, string path, string first, string last)
    {
        List<(string? Key, string Ref, string At)> entries = value switch
        {
            null => [],
            IReadOnlyDictionary<string, object?> map => map.Select(kv => (Key: (string?)kv.Key, Ref: kv.Value as string ?? throw Error($"{path}.{kv.Key}", ExprValues.ToText(kv.Value), $"{first}.COLUMN or {last}.COLUMN"), At: $"{path}.{kv.Key}")).ToList(),
            IReadOnlyList<object?> list => list.Select((v, i) => (Key: (string?)null, Ref: v as string ?? throw Error($"{path}[{i}]", ExprValues.ToText(v), $"{first}.COLUMN or {last}.COLUMN"), At: $"{path}[{i}]")).ToList(),
            _ => throw Error(path, ExprValues.ToText(value), $"a map of name: {first}.COLUMN or {last}.COLUMN, or a list of {first}.COLUMN / {last}.COLUMN"),
        };
        var columns = new List<SideColumn>();
        foreach (var (key, reference, at) in entries)
        {
            var dot = reference.IndexOf('.', StringComparison.Ordinal);
            var side = dot > 0 ? reference[..dot] : "";
            if ((side != first && side != last) || dot == reference.Length - 1)
            {
                throw Error(at, reference, $"{first}.COLUMN or {last}.COLUMN");
            }

            var name = key ?? reference[(dot + 1)..];
            if (columns.Any(c => c.Name == name))
            {
                throw Error(at, name, "a name not already selected (give it another: {other_name: " + reference + "})");
            }

            columns.Add(new SideColumn(name, side == first, reference[(dot + 1)..]));
        }

        return columns;
    }

    /// <summary>A duration that may be negative (<c>-2s</c>): the lower bound of an interval join.</summary>
    private long? SignedDuration(IReadOnlyDictionary<string, object?> map, string name, string path) =>
        map.GetValueOrDefault(name) is string s && s.StartsWith('-')
            ? -(Duration(new Dictionary<string, object?> { [name] = s[1..] }, name, path) ?? 0)
            : Duration(map, name, path);
}
