using System.Text.RegularExpressions;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Transform;

/// <summary>Parses aggregate metrics written <c>name: func(column)</c>: count(), count(*), count(x), sum, mean/avg, min, max, median, var/var_samp, var_pop, std/std_samp, std_pop, count_distinct, first, last.</summary>
internal static partial class MetricParser
{
    private static readonly Dictionary<string, AggregateKind> Kinds = new(StringComparer.Ordinal)
    {
        ["count"] = AggregateKind.Count, ["sum"] = AggregateKind.Sum, ["mean"] = AggregateKind.Mean, ["avg"] = AggregateKind.Mean,
        ["min"] = AggregateKind.Min, ["max"] = AggregateKind.Max, ["median"] = AggregateKind.Median,
        ["var"] = AggregateKind.VarSamp, ["var_samp"] = AggregateKind.VarSamp, ["var_pop"] = AggregateKind.VarPop,
        ["std"] = AggregateKind.StdSamp, ["std_samp"] = AggregateKind.StdSamp, ["std_pop"] = AggregateKind.StdPop,
        ["count_distinct"] = AggregateKind.CountDistinct, ["first"] = AggregateKind.First, ["last"] = AggregateKind.Last,
    };

    public static AggregateFunction Parse(string output, string text, string where, MedianRounding rounding)
    {
        var m = MetricPattern().Match(text);
        if (!m.Success)
        {
            throw new SluiceException($"{where}metric '{output}': '{text}' is not of the form function(column), such as sum(revenue) or count()");
        }

        var func = m.Groups[1].Value.ToLowerInvariant();
        var column = m.Groups[2].Value.Trim();
        if (func == "count" && column is "" or "*")
        {
            return AggregateFunction.CountAll(output);
        }

        if (!Kinds.TryGetValue(func, out var kind))
        {
            var hint = Definition.Validation.NameSuggester.Hint(func, Kinds.Keys.ToList(), "functions");
            throw new SluiceException($"{where}metric '{output}': unknown aggregate function '{func}' ({hint})");
        }

        if (column.Length == 0)
        {
            throw new SluiceException($"{where}metric '{output}': {func}() needs a column");
        }

        return new AggregateFunction(kind, column, output, rounding);
    }

    [GeneratedRegex(@"^\s*([A-Za-z_]+)\s*\(\s*([^()]*)\)\s*$")]
    private static partial Regex MetricPattern();
}
