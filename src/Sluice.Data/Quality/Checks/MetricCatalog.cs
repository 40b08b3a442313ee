namespace Sluice.Data.Quality.Checks;

/// <summary>Metric names of the check language and how many columns each takes.</summary>
internal static class MetricCatalog
{
    private static readonly Dictionary<string, MetricKind> ByName = new(StringComparer.Ordinal)
    {
        ["row_count"] = MetricKind.RowCount,
        ["missing_count"] = MetricKind.MissingCount,
        ["missing_percent"] = MetricKind.MissingPercent,
        ["duplicate_count"] = MetricKind.DuplicateCount,
        ["duplicate_percent"] = MetricKind.DuplicatePercent,
        ["invalid_count"] = MetricKind.InvalidCount,
        ["invalid_percent"] = MetricKind.InvalidPercent,
        ["freshness"] = MetricKind.Freshness,
        ["min"] = MetricKind.Min,
        ["max"] = MetricKind.Max,
        ["avg"] = MetricKind.Avg,
        ["sum"] = MetricKind.Sum,
        ["stddev"] = MetricKind.Stddev,
        ["distinct_count"] = MetricKind.DistinctCount,
    };

    /// <summary>Every word that can start a check, for "did you mean".</summary>
    public static IEnumerable<string> Names => ByName.Keys.Append("values").Append("expression");

    public static bool TryGet(string name, out MetricKind kind) => ByName.TryGetValue(name, out kind);

    public static string NameOf(MetricKind kind) => ByName.First(p => p.Value == kind).Key;

    /// <summary>Duplicate metrics take a composite key of one or more columns; the other column metrics take exactly one.</summary>
    public static bool AllowsManyColumns(MetricKind kind) => kind is MetricKind.DuplicateCount or MetricKind.DuplicatePercent;

    public static bool UsesValidity(MetricKind kind) => kind is MetricKind.InvalidCount or MetricKind.InvalidPercent;
}
