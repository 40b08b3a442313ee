namespace Sluice.Data.Profiling;

/// <summary>
/// Recognises identifier-like columns, which carry no measurement: a name that says so (<c>id</c>, <c>*_id</c>,
/// <c>*Id</c>, <c>uuid</c>, <c>*_key</c>, <c>*_uuid</c>), or a whole-number column without nulls whose values are all
/// distinct (at least <see cref="MinUniqueRows"/> of them, so a short column of small counts is not taken for keys;
/// a key is always present, so a column with a missing value is a measurement).
/// Automatic numeric logic (outlier flags, anomaly features, automatic features, default quality checks) leaves
/// them out unless a task names them explicitly.
/// </summary>
public static class IdColumns
{
    /// <summary>The fewest non-null values for "all distinct whole numbers" to mark a column as an identifier. The default is 20.</summary>
    public const int MinUniqueRows = 20;

    /// <summary>True when <paramref name="name"/> reads as an identifier's name.</summary>
    public static bool LooksLikeIdName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim();
        return n.Equals("id", StringComparison.OrdinalIgnoreCase) || n.Equals("uuid", StringComparison.OrdinalIgnoreCase)
            || n.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || n.EndsWith("_key", StringComparison.OrdinalIgnoreCase)
            || n.EndsWith("_uuid", StringComparison.OrdinalIgnoreCase)
            || (n.Length > 2 && n.EndsWith("Id", StringComparison.Ordinal) && char.IsLower(n[^3]));
    }

    /// <summary>True when the profiled column is identifier-like: by name, or an integer column of distinct values.</summary>
    public static bool IsIdLike(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var nonNull = column.Rows - column.Nulls;
        return LooksLikeIdName(column.Name)
            || (column.Type == "int64" && column.Nulls == 0 && column.DistinctIsExact && nonNull >= MinUniqueRows && column.Distinct == nonNull);
    }

    /// <summary>
    /// True when <paramref name="values"/> (NaN for null) has no null, its values are all distinct whole numbers, and there
    /// are at least <see cref="MinUniqueRows"/> of them.
    /// </summary>
    public static bool AreUniqueWholeNumbers(ReadOnlySpan<double> values)
    {
        var seen = new HashSet<double>();
        foreach (var v in values)
        {
            if (!double.IsFinite(v) || Math.Floor(v) != v || !seen.Add(v))
            {
                return false;
            }
        }

        return seen.Count >= MinUniqueRows;
    }
}
