using System.Globalization;
using Sluice.Data.Profiling;

namespace Sluice.DataActions.Quality;

/// <summary>
/// The checks <c>analyze_data_quality</c> runs when a task gives no <c>checks:</c>, derived from a profile of the data
/// and the requested <c>quality_dimensions</c> (all but consistency and timeliness when none are named). Bounds come
/// from the data's own quartiles with Tukey's far-out fences (Q1 − 3·IQR, Q3 + 3·IQR), so they flag what is extreme
/// for this data, not what a rule says. Identifier-like columns (<see cref="IdColumns"/>) get uniqueness checks only.
/// <list type="bullet">
/// <item>completeness: <c>missing_percent(c) warn when &gt; 1 fail when &gt; 10</c> for every column.</item>
/// <item>uniqueness: <c>duplicate_count(c) = 0</c> for each identifier-like column; duplicate whole rows warn.</item>
/// <item>validity: <c>invalid_percent(c) warn when &gt; 1 fail when &gt; 5 valid min LO max HI</c> per numeric column.</item>
/// <item>accuracy: <c>row_count &gt; 0</c>; <c>min(c) warn when &lt; LO</c>, <c>max(c) warn when &gt; HI</c> per numeric column.</item>
/// <item>consistency: text without surrounding blanks (<c>expression: c is None or trim(c) == c</c>); numbers whose
/// lower quartile is not negative are not negative (<c>expression: c &gt;= 0</c>), both warning above 0 rows and failing above 5.</item>
/// <item>timeliness: <c>freshness(d) warn when &gt; 1d fail when &gt; 30d</c> for the first date or timestamp column.</item>
/// </list>
/// </summary>
internal static class DefaultChecks
{
    /// <summary>The dimensions used when the task names none.</summary>
    public static readonly IReadOnlyList<string> DefaultDimensions = ["completeness", "uniqueness", "validity", "accuracy"];

    /// <summary>Checks in the form of the <c>checks</c> parameter (text, or a one-entry map for warn/fail thresholds).</summary>
    public static List<object?> Derive(DatasetProfile profile, IReadOnlyCollection<string> dimensions)
    {
        var checks = new List<object?>();
        var wanted = dimensions.Count == 0 ? DefaultDimensions : dimensions;
        var ids = profile.Columns.Where(IdColumns.IsIdLike).Select(static c => c.Name).ToHashSet(StringComparer.Ordinal);
        var numeric = profile.Columns.Where(c => !ids.Contains(c.Name) && IsNumeric(c) && Fences(c) is not null).ToList();
        foreach (var dimension in wanted.Distinct(StringComparer.Ordinal))
        {
            switch (dimension)
            {
                case "completeness":
                    checks.AddRange(profile.Columns.Select(c => (object?)$"missing_percent({Q(c.Name)}) warn when > 1 fail when > 10"));
                    break;
                case "uniqueness":
                    checks.AddRange(ids.Select(id => (object?)$"duplicate_count({Q(id)}) = 0"));
                    if (profile.Columns.Count > 0)
                    {
                        checks.Add($"duplicate_count({string.Join(", ", profile.Columns.Select(static c => Q(c.Name)))}) warn when > 0");
                    }

                    break;
                case "validity":
                    checks.AddRange(numeric.Select(c => (object?)Fenced(c, (lo, hi) => $"invalid_percent({Q(c.Name)}) warn when > 1 fail when > 5 valid min {lo} max {hi}")));
                    break;
                case "accuracy":
                    checks.Add("row_count > 0");
                    foreach (var c in numeric)
                    {
                        checks.Add(Fenced(c, (lo, _) => $"min({Q(c.Name)}) warn when < {lo}"));
                        checks.Add(Fenced(c, (_, hi) => $"max({Q(c.Name)}) warn when > {hi}"));
                    }

                    break;
                case "consistency":
                    foreach (var c in profile.Columns.Where(static c => c.Type == "string" && IsPlainName(c.Name)))
                    {
                        checks.Add(Thresholds($"expression: {c.Name} is None or trim({c.Name}) == {c.Name}"));
                    }

                    foreach (var c in numeric.Where(static c => IsPlainName(c.Name) && c.Quantiles.Count > 0 && c.Quantiles[0].Value >= 0))
                    {
                        checks.Add(Thresholds($"expression: {c.Name} >= 0"));
                    }

                    break;
                case "timeliness":
                    if (profile.Columns.FirstOrDefault(static c => c.Type is "date" or "timestamp") is { } time)
                    {
                        checks.Add($"freshness({Q(time.Name)}) warn when > 1d fail when > 30d");
                    }

                    break;
                default:
                    break;
            }
        }

        return checks;
    }

    private static bool IsNumeric(ColumnProfile c) => c.Type is "int64" or "float64" || c.Type.StartsWith("decimal", StringComparison.Ordinal);

    private static (double Lo, double Hi)? Fences(ColumnProfile c)
    {
        var q1 = c.Quantiles.FirstOrDefault(static q => q.Probability == 0.25)?.Value;
        var q3 = c.Quantiles.FirstOrDefault(static q => q.Probability == 0.75)?.Value;
        return q1 is { } a && q3 is { } b ? (a - (3 * (b - a)), b + (3 * (b - a))) : null;
    }

    private static string Fenced(ColumnProfile c, Func<string, string, string> text)
    {
        var (lo, hi) = Fences(c)!.Value;
        // Fixed-point text: the check grammar reads plain decimals, and the bounds need no more precision than this.
        return text(lo.ToString("0.##########", CultureInfo.InvariantCulture), hi.ToString("0.##########", CultureInfo.InvariantCulture));
    }

    // Expression checks name columns as identifiers; other names would need quoting the expression language lacks.
    private static bool IsPlainName(string name) => name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(static ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    private static Dictionary<string, object?> Thresholds(string check) => new(StringComparer.Ordinal)
    {
        [check] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["warn"] = "> 0", ["fail"] = "> 5" },
    };

    private static string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
