using Sluice.Data.Features;
using Sluice.DataActions.Anomalies;

namespace Sluice.DataActions.Features;

/// <summary>The options of one feature spec map, read into <see cref="FeatureSpec"/>s (rolling gives one per statistic).</summary>
internal sealed class SpecReading(IReadOnlyDictionary<string, object?> map, string where, string column, List<ParameterIssue> issues)
{
    /// <summary>Date part names accepted in <c>parts</c>: the engine's, plus <c>weekday</c> for day_of_week.</summary>
    public static IReadOnlyList<string> Parts { get; } = [.. FeatureSpec.KnownParts, "weekday"];

    public IEnumerable<FeatureSpec> Specs(string kind)
    {
        switch (kind)
        {
            case "one_hot":
                return [new FeatureSpec { Kind = FeatureKind.OneHot, Column = column, TopK = Positive("top_k", 10), OtherLabel = Text("other_label") ?? "other" }];
            case "scale":
                var method = map.TryGetValue("method", out var m) ? ParameterIssue.OneOf(m, $"{where}.method", issues, "standard", "minmax") : "standard";
                return [new FeatureSpec { Kind = method == "minmax" ? FeatureKind.MinMaxScale : FeatureKind.StandardScale, Column = column }];
            case "bin":
                return [Bin()];
            case "date_parts":
                var parts = map.TryGetValue("parts", out var p) ? ParameterIssue.Names(p, $"{where}.parts", issues) ?? [] : ["year", "month", "day", "day_of_week"];
                foreach (var bad in parts.Where(x => !Parts.Contains(x)))
                {
                    issues.Add(new($"{where}.parts", $"{where}.parts: unknown date part '{bad}'", Definition.Validation.NameSuggester.Hint(bad, Parts, "parts")));
                }

                return [new FeatureSpec { Kind = FeatureKind.DateParts, Column = column, Parts = [.. parts.Select(static x => x == "weekday" ? "day_of_week" : x).Distinct()] }];
            case "lag":
                return [new FeatureSpec { Kind = FeatureKind.Lag, Column = column, Key = Text("by"), Periods = Positive("periods", 1) }];
            case "rolling":
                var stats = map.TryGetValue("stats", out var s) ? ParameterIssue.Names(s, $"{where}.stats", issues) ?? [] : ["mean"];
                foreach (var bad in stats.Where(x => !FeatureSpec.KnownStats.Contains(x)))
                {
                    issues.Add(new($"{where}.stats", $"{where}.stats: unknown statistic '{bad}'", Definition.Validation.NameSuggester.Hint(bad, FeatureSpec.KnownStats, "statistics")));
                }

                var window = Positive("window", 3);
                var key = Text("by");
                return [.. stats.Distinct().Select(x => new FeatureSpec { Kind = FeatureKind.Rolling, Column = column, Key = key, Window = window, Stat = x })];
            default:
                return [new FeatureSpec { Kind = FeatureKind.Frequency, Column = column }];
        }
    }

    private FeatureSpec Bin()
    {
        var spec = new FeatureSpec { Kind = FeatureKind.Bin, Column = column };
        switch (map.GetValueOrDefault("bins"))
        {
            case null:
                return spec;
            case IReadOnlyList<object?> edges:
                var values = edges.Select(static e => e is long or double ? Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture) : double.NaN).ToList();
                if (values.Count < 2 || values.Exists(double.IsNaN) || values.Zip(values.Skip(1)).Any(static x => !(x.First < x.Second)))
                {
                    issues.Add(new($"{where}.bins", $"{where}.bins as edges must be at least two strictly increasing numbers"));
                    return spec;
                }

                return spec with { Edges = values };
            default:
                return spec with { Bins = Positive("bins", 10) };
        }
    }

    private int Positive(string name, int fallback)
    {
        if (!map.TryGetValue(name, out var v) || v is null)
        {
            return fallback;
        }

        var n = ParameterIssue.Integer(v, $"{where}.{name}", issues);
        if (n is null)
        {
            return fallback;
        }

        if (n is < 1 or > 1_000_000)
        {
            issues.Add(new($"{where}.{name}", $"{where}.{name} must be from 1 to 1000000, got {n}"));
            return fallback;
        }

        return (int)n;
    }

    private string? Text(string name)
    {
        var v = map.GetValueOrDefault(name);
        if (v is null or string)
        {
            return (string?)v;
        }

        issues.Add(new($"{where}.{name}", $"{where}.{name} must be a column name, got {Sluice.Expressions.ExprValues.ToText(v)}"));
        return null;
    }
}
