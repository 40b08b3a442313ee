namespace Sluice.DataActions.ColumnBinding;

/// <summary>The functions a column expression may call: the data engine's kernels plus a few conversions the binder rewrites.</summary>
internal static class ColumnFunctions
{
    /// <summary>Arity of each engine function (max -1 = unbounded).</summary>
    private static readonly Dictionary<string, (int Min, int Max)> Engine = new(StringComparer.Ordinal)
    {
        ["is_null"] = (1, 1), ["is_not_null"] = (1, 1), ["coalesce"] = (1, -1), ["if_else"] = (3, 3),
        ["lower"] = (1, 1), ["upper"] = (1, 1), ["trim"] = (1, 1), ["ltrim"] = (1, 1), ["rtrim"] = (1, 1), ["length"] = (1, 1),
        ["substr"] = (2, 3), ["left"] = (2, 2), ["replace"] = (3, 3), ["regex_match"] = (2, 2),
        ["contains"] = (2, 2), ["starts_with"] = (2, 2), ["ends_with"] = (2, 2), ["concat"] = (1, -1),
        ["abs"] = (1, 1), ["round"] = (1, 2), ["floor"] = (1, 1), ["ceil"] = (1, 1), ["sqrt"] = (1, 1),
        ["year"] = (1, 1), ["month"] = (1, 1), ["day"] = (1, 1), ["hour"] = (1, 1), ["minute"] = (1, 1), ["second"] = (1, 1),
        ["date"] = (1, 1), ["to_timestamp"] = (2, 2), ["to_date"] = (2, 2),
        ["quarter"] = (1, 1), ["week"] = (1, 1), ["isoyear"] = (1, 1), ["dayofweek"] = (1, 1), ["isodow"] = (1, 1), ["dayofyear"] = (1, 1),
        ["epoch_ms"] = (1, 1), ["date_trunc"] = (2, 3), ["date_add"] = (3, 3), ["date_sub"] = (3, 3), ["date_diff"] = (3, 3),
        ["to_timezone"] = (2, 2), ["from_timezone"] = (2, 2), ["strftime"] = (2, 2),
    };

    /// <summary>Functions the binder rewrites (casts and column-by-name).</summary>
    private static readonly Dictionary<string, (int Min, int Max)> Rewritten = new(StringComparer.Ordinal)
    {
        ["cast"] = (2, 2), ["int"] = (1, 1), ["float"] = (1, 1), ["str"] = (1, 1), ["bool"] = (1, 1), ["decimal"] = (2, 2), ["col"] = (1, 1), ["case_when"] = (2, -1),
    };

    /// <summary>Python-style spellings accepted for engine functions.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["strip"] = "trim", ["lstrip"] = "ltrim", ["rstrip"] = "rtrim", ["len"] = "length",
        ["startswith"] = "starts_with", ["endswith"] = "ends_with", ["isnull"] = "is_null", ["notnull"] = "is_not_null",
    };

    /// <summary>Every name a user may call, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Engine.Keys.Where(Sluice.Data.ColumnExpressions.ExprCompiler.Functions.Contains).Concat(Rewritten.Keys).Concat(Aliases.Keys).Order(StringComparer.Ordinal)];

    /// <summary>Resolves an alias; returns the canonical name and its arity, or false when unknown.</summary>
    public static bool TryResolve(string name, out string canonical, out int min, out int max)
    {
        canonical = Aliases.GetValueOrDefault(name, name);
        if (Rewritten.TryGetValue(canonical, out var r) || Engine.TryGetValue(canonical, out r))
        {
            (min, max) = r;
            return true;
        }

        // A function the engine knows but this table does not (added later): the engine checks its arity.
        if (Sluice.Data.ColumnExpressions.ExprCompiler.Functions.Contains(canonical))
        {
            (min, max) = (0, -1);
            return true;
        }

        (min, max) = (0, 0);
        return false;
    }

    /// <summary>"1 argument", "2 or 3 arguments", "at least 1 argument".</summary>
    public static string Arity(int min, int max) =>
        max < 0 ? $"at least {Plural(min)}" : min == max ? Plural(min) : max == min + 1 ? $"{min} or {Plural(max)}" : $"{min} to {Plural(max)}";

    private static string Plural(int n) => n == 1 ? "1 argument" : $"{n} arguments";
}
