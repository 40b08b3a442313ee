using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Profiling;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.DataActions.Transform;

namespace Sluice.DataActions.Clean;

/// <summary>The operators of one clean_and_standardize call and the counters behind its report.</summary>
internal sealed class CleanPlan(IReadOnlyDictionary<string, object?> rules, string missing, bool outliers)
{
    public static IReadOnlyList<string> RuleNames { get; } = ["trim", "lower", "upper", "null_tokens", "types", "dedupe"];

    /// <summary>
    /// The column names the rules write that <paramref name="schema"/> lacks, each with where it is below
    /// <c>cleaning_rules</c> (<c>trim[1]</c>, <c>types.amount#key</c>); the same check runs before the run and at task start.
    /// </summary>
    public static IEnumerable<(string Path, string Name)> UnknownColumns(IReadOnlyDictionary<string, object?> rules, Schema schema)
    {
        foreach (var rule in (string[])["trim", "lower", "upper", "dedupe"])
        {
            switch (rules.GetValueOrDefault(rule))
            {
                case string one when schema.IndexOf(one) < 0 && !Sluice.Expressions.Template.ContainsTemplate(one):
                    yield return (rule, one);
                    break;
                case IReadOnlyList<object?> names:
                    for (var i = 0; i < names.Count; i++)
                    {
                        if (names[i] is string name && schema.IndexOf(name) < 0 && !Sluice.Expressions.Template.ContainsTemplate(name))
                        {
                            yield return ($"{rule}[{i}]", name);
                        }
                    }

                    break;
            }
        }

        if (rules.GetValueOrDefault("types") is IReadOnlyDictionary<string, object?> types)
        {
            foreach (var column in types.Keys.Where(c => schema.IndexOf(c) < 0))
            {
                yield return ($"types.{column}#key", column);
            }
        }
    }

    private readonly Dictionary<string, object?> _report = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrueCounter> _coerceFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrueCounter> _outliers = new(StringComparer.Ordinal);
    private RowTally? _beforeDedupe;
    private RowTally? _afterDedupe;
    private RowTally? _beforeDrop;
    private RowTally? _afterDrop;

    public DataFlow Build(DataFlow flow)
    {
        var schema = flow.Schema;
        var text = schema.Fields.Where(CleanAndStandardizeAction.IsText).Select(static f => f.Name).ToList();
        var trim = Columns("trim", text);
        var lower = Columns("lower", []);
        var upper = Columns("upper", []);
        var tokens = Args.Strings(rules, "null_tokens", "cleaning_rules.") ?? [];
        foreach (var c in text)
        {
            ColumnExpr e = ColumnExprs.Col(c);
            e = trim.Contains(c) ? ColumnExprs.Call("trim", e) : e;
            e = lower.Contains(c) ? ColumnExprs.Call("lower", e) : upper.Contains(c) ? ColumnExprs.Call("upper", e) : e;
            if (tokens.Count > 0)
            {
                var isToken = tokens.Select(t => e.Eq(ColumnExprs.Lit(t))).Aggregate(static (a, b) => a.Or(b));
                e = ColumnExprs.Call("if_else", isToken, ColumnExprs.Null(DataType.String), e);
            }

            if (e is not ColumnRef)
            {
                flow = flow.Derive(c, e);
            }
        }

        _report["trimmed"] = trim.ToArray<object?>();
        _report["lowercased"] = lower.ToArray<object?>();
        _report["uppercased"] = upper.ToArray<object?>();
        _report["null_tokens"] = tokens.ToArray<object?>();
        flow = Coerce(flow);
        flow = Dedupe(flow);
        flow = Missing(flow);
        return outliers ? FlagOutliers(flow) : flow;
    }

    public Dictionary<string, object?> Report()
    {
        _report["coercion_failures"] = _coerceFailures.ToDictionary(static kv => kv.Key, static kv => (object?)kv.Value.Count, StringComparer.Ordinal);
        _report["duplicates_removed"] = _beforeDedupe is null ? 0L : _beforeDedupe.Rows - _afterDedupe!.Rows;
        _report["incomplete_rows_dropped"] = _beforeDrop is null ? 0L : _beforeDrop.Rows - _afterDrop!.Rows;
        _report["outliers"] = _outliers.ToDictionary(static kv => kv.Key, static kv => (object?)kv.Value.Count, StringComparer.Ordinal);
        return _report;
    }

    private List<string> Columns(string rule, List<string> all) => rules.GetValueOrDefault(rule) switch
    {
        null or false => [],
        true => all,
        _ => [.. Args.Strings(rules, rule, "cleaning_rules.") ?? []],
    };

    private DataFlow Coerce(DataFlow flow)
    {
        var types = Args.Map(rules, "types", "cleaning_rules.") ?? new Dictionary<string, object?>();
        foreach (var (column, value) in types)
        {
            var type = DatasetSchema.Parse(value as string ?? "", column);
            var flag = $"__sluice_coerce_{column}";
            var counter = new TrueCounter(flag);
            _coerceFailures[column] = counter;
            var keep = flow.Schema.Fields.Select(static f => f.Name).ToArray();
            flow = flow.Derive(flag, ColumnExprs.Col(column).IsNotNull().And(ColumnExprs.Cast(ColumnExprs.Col(column), type).IsNull()))
                .Then(counter)
                .Derive(column, ColumnExprs.Cast(ColumnExprs.Col(column), type))
                .Select(keep);
        }

        return flow;
    }

    private DataFlow Dedupe(DataFlow flow)
    {
        var keys = rules.GetValueOrDefault("dedupe") switch
        {
            null or false => null,
            true => flow.Schema.Fields.Select(static f => f.Name).ToList(),
            _ => Args.Strings(rules, "dedupe", "cleaning_rules.")?.ToList(),
        };
        if (keys is null)
        {
            return flow;
        }

        _beforeDedupe = new RowTally();
        _afterDedupe = new RowTally();
        return flow.Then(_beforeDedupe).Dedupe(keys).Then(_afterDedupe);
    }

    private DataFlow Missing(DataFlow flow)
    {
        var schema = flow.Schema;
        if (missing == "drop")
        {
            _beforeDrop = new RowTally();
            _afterDrop = new RowTally();
            var complete = schema.Fields.Select(static f => ColumnExprs.Col(f.Name).IsNotNull()).Aggregate(static (a, b) => a.And(b));
            return flow.Then(_beforeDrop).Filter(complete).Then(_afterDrop);
        }

        var imputed = new Dictionary<string, object?>(StringComparer.Ordinal);
        // An identifier is not a measurement: a median or most frequent id would invent a reference to another record.
        foreach (var f in schema.Fields.Where(static f => !IdColumns.LooksLikeIdName(f.Name)))
        {
            var strategy = missing switch
            {
                "mean" when f.Type.IsNumeric => FillStrategy.Mean,
                "median" when f.Type.IsNumeric => FillStrategy.Median(),
                "mode" when f.Type.IsNumeric => FillStrategy.Mode,
                "intelligent_imputation" => f.Type.IsNumeric ? FillStrategy.Median() : FillStrategy.Mode,
                _ => null,
            };
            if (strategy is not null)
            {
                imputed[f.Name] = strategy.Kind.ToString().ToLowerInvariant();
                flow = flow.FillMissing(f.Name, strategy);
            }
        }

        _report["imputed"] = imputed;
        return flow;
    }

    private DataFlow FlagOutliers(DataFlow flow)
    {
        foreach (var f in flow.Schema.Fields.Where(static f => f.Type.Kind is TypeKind.Int64 or TypeKind.Decimal && !IdColumns.LooksLikeIdName(f.Name)).ToList())
        {
            var output = f.Name + "_outlier";
            var counter = new TrueCounter(output);
            _outliers[f.Name] = counter;
            flow = flow.FlagOutliers(f.Name, [], 3m, output).Then(counter);
        }

        return flow;
    }

}
