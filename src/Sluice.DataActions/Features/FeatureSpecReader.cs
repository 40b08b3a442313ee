using Sluice.Data.Features;
using Sluice.DataActions.Anomalies;
using Sluice.Definition.Validation;
using Sluice.Expressions;

namespace Sluice.DataActions.Features;

/// <summary>
/// Reads the <c>features</c> list of <c>engineer_features</c> into <see cref="FeatureSpec"/>s. Each item is a map with one
/// kind key naming the source column and its options:
/// <c>{one_hot: col, top_k: 10, other_label: other}</c>, <c>{scale: col, method: standard|minmax}</c>,
/// <c>{bin: col, bins: 10 | [edges]}</c>, <c>{date_parts: col, parts: [year, month, day, hour, weekday, ...]}</c>,
/// <c>{lag: col, by: key, order_by: col, periods: 1}</c>, <c>{rolling: col, by: key, order_by: col, window: 3, stats: [mean, std, min, max, sum]}</c>,
/// <c>{frequency: col}</c>. Used at load time (templates skipped) and at run time.
/// </summary>
internal static class FeatureSpecReader
{
    private static readonly Dictionary<string, string[]> Options = new(StringComparer.Ordinal)
    {
        ["one_hot"] = ["top_k", "other_label"],
        ["scale"] = ["method"],
        ["bin"] = ["bins"],
        ["date_parts"] = ["parts"],
        ["lag"] = ["by", "order_by", "periods"],
        ["rolling"] = ["by", "order_by", "window", "stats"],
        ["frequency"] = [],
    };

    public static IReadOnlyCollection<string> Kinds => Options.Keys;

    /// <summary>The specs and the one <c>order_by</c> column of lag/rolling specs (null when none sets it).</summary>
    public static (List<FeatureSpec> Specs, string? OrderBy) Read(object? value, string path, List<ParameterIssue> issues)
    {
        var specs = new List<FeatureSpec>();
        string? orderBy = null;
        if (value is null || ParameterIssue.IsDeferred(value))
        {
            return (specs, null);
        }

        if (value is not IReadOnlyList<object?> items)
        {
            issues.Add(new(path, $"'{path}' must be a list of feature specs such as {{scale: amount, method: standard}}, got {ExprValues.TypeName(value)}"));
            return (specs, null);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var where = $"{path}[{i}]";
            if (items[i] is not IReadOnlyDictionary<string, object?> map)
            {
                issues.Add(new(where, $"{where} must be a map with one of: {string.Join(", ", Kinds)}, got {ExprValues.ToText(items[i])}"));
                continue;
            }

            var kinds = map.Keys.Where(Options.ContainsKey).ToList();
            if (kinds.Count != 1)
            {
                var unknown = map.Keys.FirstOrDefault(k => !Options.ContainsKey(k));
                issues.Add(new(unknown is null ? where : $"{where}.{unknown}#key", $"{where} must have exactly one of: {string.Join(", ", Kinds)}; found {string.Join(", ", map.Keys)}",
                    unknown is null ? null : NameSuggester.Hint(unknown, Kinds, "kinds")));
                continue;
            }

            var kind = kinds[0];
            foreach (var key in map.Keys.Where(k => k != kind && !Options[kind].Contains(k)))
            {
                issues.Add(new($"{where}.{key}#key", $"{where}: '{key}' is not an option of {kind}", NameSuggester.Hint(key, Options[kind], "options")));
            }

            if (ParameterIssue.IsDeferred(map[kind]) || map.Values.Any(ParameterIssue.IsDeferred))
            {
                continue; // known at run time
            }

            if (map[kind] is not string column)
            {
                issues.Add(new($"{where}.{kind}", $"{where}.{kind} must be a column name, got {ExprValues.ToText(map[kind])}"));
                continue;
            }

            var read = new SpecReading(map, where, column, issues);
            specs.AddRange(read.Specs(kind).Select(s => s with { Origin = $"{where}.{kind}" }));
            if (map.GetValueOrDefault("order_by") is { } o && kind is "lag" or "rolling")
            {
                if (o is not string order)
                {
                    issues.Add(new($"{where}.order_by", $"{where}.order_by must be a column name"));
                }
                else if (orderBy is not null && orderBy != order)
                {
                    issues.Add(new($"{where}.order_by", $"{where}.order_by is '{order}' but an earlier spec orders by '{orderBy}'", "lag and rolling specs share one row order: use the same order_by"));
                }
                else
                {
                    orderBy = order;
                }
            }
        }

        return (specs, orderBy);
    }
}
