using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Window;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Expressions.Nodes;

namespace Sluice.DataActions.Transform;

/// <summary>
/// Parses the columns of a <c>window</c> step: <c>name: func(args)</c> or <c>name: {of: "func(args)", preceding: N|unbounded,
/// following: N|unbounded}</c>. Arguments are column expressions; one that is not a plain column is derived into a hidden
/// column before the sort.
/// </summary>
internal static class WindowParser
{
    private static readonly Dictionary<string, (WindowKind Kind, int MinArgs, int MaxArgs)> Functions = new(StringComparer.Ordinal)
    {
        ["row_number"] = (WindowKind.RowNumber, 0, 0), ["rank"] = (WindowKind.Rank, 0, 0), ["dense_rank"] = (WindowKind.DenseRank, 0, 0),
        ["percent_rank"] = (WindowKind.PercentRank, 0, 0), ["cume_dist"] = (WindowKind.CumeDist, 0, 0), ["ntile"] = (WindowKind.Ntile, 1, 1),
        ["lag"] = (WindowKind.Lag, 1, 2), ["lead"] = (WindowKind.Lead, 1, 2),
        ["sum"] = (WindowKind.Sum, 1, 1), ["mean"] = (WindowKind.Mean, 1, 1), ["avg"] = (WindowKind.Mean, 1, 1),
        ["min"] = (WindowKind.Min, 1, 1), ["max"] = (WindowKind.Max, 1, 1), ["count"] = (WindowKind.Count, 0, 1),
        ["first"] = (WindowKind.First, 1, 1), ["first_value"] = (WindowKind.First, 1, 1), ["last"] = (WindowKind.Last, 1, 1), ["last_value"] = (WindowKind.Last, 1, 1),
    };

    /// <summary>Every window function name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Functions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Parses one output column; <paramref name="ordered"/> says whether the step has order keys (it sets the default frame).</summary>
    /// <exception cref="SluiceException">An unknown function, a wrong argument or frame (located inside the text when it can be).</exception>
    public static (WindowFunction Function, Projection? Input) Parse(string output, object? value, string path, bool ordered, SourceLocation origin, Schema? schema)
    {
        var map = value as IReadOnlyDictionary<string, object?>;
        var text = map is null ? value as string : map.GetValueOrDefault("of") as string;
        if (text is null)
        {
            throw new SluiceException($"{path}: give a function such as row_number(), lag(x) or sum(x), or a map {{of: \"mean(x)\", preceding: 2}}");
        }

        if (text.Replace(" ", "", StringComparison.Ordinal) is "count(*)")
        {
            text = "count()";
        }

        var expr = Expr.ParseColumns(text, origin);
        if (expr.Root is not ColumnCallNode call || !Functions.TryGetValue(call.Name.ToLowerInvariant(), out var spec))
        {
            var name = (expr.Root as ColumnCallNode)?.Name ?? text;
            throw new SluiceException($"{path}: '{text}' is not a window function ({Definition.Validation.NameSuggester.Hint(name, [.. Functions.Keys], "functions")})");
        }

        var args = call.Arguments;
        if (args.Count < spec.MinArgs || args.Count > spec.MaxArgs)
        {
            throw new SluiceException($"{path}: {call.Name}() takes {(spec.MinArgs == spec.MaxArgs ? spec.MinArgs.ToString(CultureInfo.InvariantCulture) : $"{spec.MinArgs} or {spec.MaxArgs}")} argument(s), got {args.Count}");
        }

        var kind = spec.Kind == WindowKind.Count && args.Count == 0 ? WindowKind.CountAll : spec.Kind;
        var function = new WindowFunction(kind, null, output) { Following = ordered ? 0 : null };
        Projection? input = null;
        if (kind == WindowKind.Ntile)
        {
            function = function with { Offset = Count(args[0], "ntile(): the bucket count") };
        }
        else if (args.Count > 0)
        {
            var bound = ColumnBinder.BindPart(expr, args[0], schema);
            if (bound is Data.ColumnExpressions.ColumnRef reference)
            {
                function = function with { Column = reference.Name };
            }
            else
            {
                input = new Projection($"__{output}_arg", bound);
                function = function with { Column = input.Name };
            }

            if (args.Count == 2)
            {
                function = function with { Offset = Count(args[1], $"{call.Name}(): the offset") };
            }
        }

        if (map is not null)
        {
            if (!function.UsesFrame && (map.ContainsKey("preceding") || map.ContainsKey("following")))
            {
                throw new SluiceException($"{path}: {call.Name}() has no frame; 'preceding' and 'following' apply to sum, mean, min, max, count, first and last");
            }

            function = function with
            {
                Preceding = map.ContainsKey("preceding") ? Bound(map["preceding"], path + ".preceding") : function.Preceding,
                Following = map.ContainsKey("following") ? Bound(map["following"], path + ".following") : function.Following,
            };
        }

        return (function, input);

        int Count(Node node, string what) =>
            node is LiteralNode { Value: long v } && v is >= 1 and <= int.MaxValue
                ? (int)v
                : throw new ExpressionException($"{what} must be a whole number of 1 or more", expr.LocationAt(node.Offset));
    }

    private static int? Bound(object? value, string path) => value switch
    {
        "unbounded" => null,
        long v and >= 0 and <= int.MaxValue => (int)v,
        _ => throw new SluiceException($"{path} must be a number of rows (0 or more) or 'unbounded', got {ExprValues.ToText(value)}"),
    };
}
