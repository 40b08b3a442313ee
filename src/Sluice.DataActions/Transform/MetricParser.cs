using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Expressions.Nodes;

namespace Sluice.DataActions.Transform;

/// <summary>
/// Parses aggregate metrics written <c>name: func(argument, ...)</c>. The arguments are column expressions
/// (<c>mean(float(x))</c>, <c>sum(price * qty)</c>); an argument that is not a plain column is computed into a hidden
/// column before the aggregation (<see cref="Metric.Inputs"/>). <c>count()</c> and <c>count(*)</c> count rows,
/// <c>count(x)</c> the non-null values of x.
/// </summary>
internal static class MetricParser
{
    /// <summary>The shape of an aggregate's arguments.</summary>
    private enum Shape
    {
        One,
        Fraction,
        Two,
        Separator,
    }

    private static readonly Dictionary<string, (AggregateKind Kind, Shape Shape)> Functions = new(StringComparer.Ordinal)
    {
        ["count"] = (AggregateKind.Count, Shape.One), ["sum"] = (AggregateKind.Sum, Shape.One),
        ["mean"] = (AggregateKind.Mean, Shape.One), ["avg"] = (AggregateKind.Mean, Shape.One),
        ["min"] = (AggregateKind.Min, Shape.One), ["max"] = (AggregateKind.Max, Shape.One), ["median"] = (AggregateKind.Median, Shape.One),
        ["var"] = (AggregateKind.VarSamp, Shape.One), ["var_samp"] = (AggregateKind.VarSamp, Shape.One), ["var_pop"] = (AggregateKind.VarPop, Shape.One),
        ["std"] = (AggregateKind.StdSamp, Shape.One), ["std_samp"] = (AggregateKind.StdSamp, Shape.One), ["std_pop"] = (AggregateKind.StdPop, Shape.One),
        ["count_distinct"] = (AggregateKind.CountDistinct, Shape.One), ["first"] = (AggregateKind.First, Shape.One), ["last"] = (AggregateKind.Last, Shape.One),
        ["mode"] = (AggregateKind.Mode, Shape.One), ["any_value"] = (AggregateKind.AnyValue, Shape.One),
        ["quantile"] = (AggregateKind.QuantileCont, Shape.Fraction), ["quantile_cont"] = (AggregateKind.QuantileCont, Shape.Fraction),
        ["percentile_cont"] = (AggregateKind.QuantileCont, Shape.Fraction), ["quantile_disc"] = (AggregateKind.QuantileDisc, Shape.Fraction),
        ["percentile_disc"] = (AggregateKind.QuantileDisc, Shape.Fraction),
        ["corr"] = (AggregateKind.Corr, Shape.Two), ["covar_pop"] = (AggregateKind.CovarPop, Shape.Two), ["covar_samp"] = (AggregateKind.CovarSamp, Shape.Two),
        ["regr_slope"] = (AggregateKind.RegrSlope, Shape.Two), ["regr_intercept"] = (AggregateKind.RegrIntercept, Shape.Two), ["regr_r2"] = (AggregateKind.RegrR2, Shape.Two),
        ["arg_max"] = (AggregateKind.ArgMax, Shape.Two), ["arg_min"] = (AggregateKind.ArgMin, Shape.Two),
        ["max_by"] = (AggregateKind.ArgMax, Shape.Two), ["min_by"] = (AggregateKind.ArgMin, Shape.Two),
        ["string_agg"] = (AggregateKind.StringAgg, Shape.Separator),
    };

    /// <summary>Every aggregate function name, sorted (for docs and suggestions).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Functions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Parses one metric. With a <paramref name="schema"/>, columns and types of the arguments are checked;
    /// <paramref name="origin"/> locates errors inside the text.
    /// </summary>
    /// <exception cref="SluiceException">Not a call of a known aggregate, a wrong argument count or a bad constant (located when <paramref name="origin"/> is given).</exception>
    public static Metric Parse(string output, string text, string where, MedianRounding rounding, SourceLocation? origin = null, Schema? schema = null)
    {
        var trimmed = text.Trim();
        if (trimmed.Replace(" ", "", StringComparison.Ordinal) is "count()" or "count(*)")
        {
            return new Metric(AggregateFunction.CountAll(output), []);
        }

        var expr = Expr.ParseColumns(text, origin ?? new SourceLocation(where.TrimEnd(' ', ':'), 0, 0));
        if (expr.Root is not ColumnCallNode call)
        {
            throw new SluiceException($"{where}metric '{output}': '{text}' is not of the form function(column), such as sum(revenue), mean(float(x)) or count()");
        }

        var func = call.Name.ToLowerInvariant();
        if (!Functions.TryGetValue(func, out var spec))
        {
            var hint = Definition.Validation.NameSuggester.Hint(func, [.. Functions.Keys], "functions");
            throw new SluiceException($"{where}metric '{output}': unknown aggregate function '{func}' ({hint})");
        }

        var args = call.Arguments;
        var (min, max, usage) = spec.Shape switch
        {
            Shape.One => (1, 1, $"{func}(x)"),
            Shape.Fraction => (2, 2, $"{func}(x, 0.9)"),
            Shape.Two => (2, 2, spec.Kind is AggregateKind.ArgMax or AggregateKind.ArgMin ? $"{func}(value, by)" : $"{func}(y, x)"),
            _ => (1, 2, $"{func}(x, ', ')"),
        };
        if (args.Count < min || args.Count > max)
        {
            throw new SluiceException($"{where}metric '{output}': {func}() takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} or {max}")} argument(s), got {args.Count}; write it as {usage}");
        }

        var inputs = new List<Projection>();
        var column = Input(expr, args[0], 0);
        var function = new AggregateFunction(spec.Kind, column, output, rounding);
        switch (spec.Shape)
        {
            case Shape.Fraction:
                function = function with
                {
                    Fraction = args[1] is LiteralNode { Value: double or long } p && Convert.ToDouble(p.Value, CultureInfo.InvariantCulture) is var f and >= 0 and <= 1
                        ? f
                        : throw Located(args[1], $"{func}(): the fraction must be a number from 0 to 1, such as 0.9"),
                };
                break;
            case Shape.Two:
                function = function with { Second = Input(expr, args[1], 1) };
                break;
            case Shape.Separator when args.Count == 2:
                function = function with { Separator = args[1] is LiteralNode { Value: string sep } ? sep : throw Located(args[1], $"{func}(): the separator must be a quoted string, such as ', '") };
                break;
        }

        return new Metric(function, inputs);

        string Input(Expr whole, Node node, int index)
        {
            var bound = ColumnBinder.BindPart(whole, node, schema);
            if (bound is ColumnRef reference)
            {
                return reference.Name;
            }

            var hidden = $"__{output}_arg{index}";
            inputs.Add(new Projection(hidden, bound));
            return hidden;
        }

        ExpressionException Located(Node node, string message) => new(message, expr.LocationAt(node.Offset));
    }

    /// <summary>A parsed metric: the aggregate and the hidden columns it reads, computed before the aggregation.</summary>
    internal sealed record Metric(AggregateFunction Function, IReadOnlyList<Projection> Inputs);
}
