namespace Sluice.Testing.Checks;

/// <summary>
/// Compares a dataset's rows with the rows a test expects and says how they differ, one line per row: only the columns
/// the test lists are compared, so a test names what it cares about.
/// </summary>
public static class RowDiff
{
    /// <summary>The lines of the difference; empty when the rows match.</summary>
    /// <param name="expected">The expected rows.</param>
    /// <param name="actual">The dataset's rows.</param>
    /// <param name="anyOrder">True to match rows regardless of order.</param>
    public static IReadOnlyList<string> Compare(IReadOnlyList<IReadOnlyDictionary<string, object?>> expected, IReadOnlyList<IReadOnlyDictionary<string, object?>> actual, bool anyOrder)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var lines = new List<string>();
        if (anyOrder)
        {
            var unused = Enumerable.Range(0, actual.Count).ToList();
            for (var i = 0; i < expected.Count; i++)
            {
                var match = unused.FindIndex(j => Cells(expected[i], actual[j]).Count == 0);
                if (match < 0)
                {
                    lines.Add($"- missing row: {Row(expected[i], expected[i].Keys)}");
                }
                else
                {
                    unused.RemoveAt(match);
                }
            }
            lines.AddRange(unused.Select(j => $"+ unexpected row {j + 1}: {Row(actual[j], Columns(expected, actual[j]))}"));
        }
        else
        {
            for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            {
                var cells = Cells(expected[i], actual[i]);
                if (cells.Count > 0)
                {
                    lines.Add($"~ row {i + 1}: {string.Join("; ", cells)}");
                }
            }
            for (var i = actual.Count; i < expected.Count; i++)
            {
                lines.Add($"- missing row {i + 1}: {Row(expected[i], expected[i].Keys)}");
            }
            for (var i = expected.Count; i < actual.Count; i++)
            {
                lines.Add($"+ unexpected row {i + 1}: {Row(actual[i], Columns(expected, actual[i]))}");
            }
        }
        if (lines.Count > 0 && expected.Count != actual.Count)
        {
            lines.Add($"expected {expected.Count} rows, got {actual.Count}");
        }
        return lines;
    }

    private static List<string> Cells(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> actual)
    {
        var cells = new List<string>();
        foreach (var (column, value) in expected)
        {
            if (!actual.TryGetValue(column, out var got))
            {
                cells.Add($"{column}: no such column (columns: {string.Join(", ", actual.Keys)})");
            }
            else if (!ValueMatch.ScalarEquals(value, got))
            {
                cells.Add($"{column}: expected {ValueMatch.Text(value)}, got {ValueMatch.Text(got)}");
            }
        }
        return cells;
    }

    private static IEnumerable<string> Columns(IReadOnlyList<IReadOnlyDictionary<string, object?>> expected, IReadOnlyDictionary<string, object?> row) =>
        expected.Count > 0 ? expected[0].Keys.Where(row.ContainsKey) : row.Keys;

    private static string Row(IReadOnlyDictionary<string, object?> row, IEnumerable<string> columns) =>
        "{" + string.Join(", ", columns.Select(c => $"{c}: {ValueMatch.Text(row.GetValueOrDefault(c))}")) + "}";
}
