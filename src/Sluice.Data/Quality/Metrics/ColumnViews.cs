namespace Sluice.Data.Quality.Metrics;

/// <summary>Array-backed <see cref="IColumnView"/>s for tests, small data and callers without a batch engine.</summary>
public static class ColumnViews
{
    /// <summary>A number column; a row is null when its mask entry is true or its value is NaN.</summary>
    /// <param name="values">The values.</param>
    /// <param name="isNull">Null mask, or null for none.</param>
    public static IColumnView Numbers(double[] values, bool[]? isNull = null) => new ArrayColumnView(values, isNull);

    /// <summary>A number column from nullable values.</summary>
    public static IColumnView Numbers(params double?[] values) =>
        new ArrayColumnView(values.Select(v => v ?? double.NaN).ToArray(), values.Select(v => v is null).ToArray());

    /// <summary>A text column; null entries are null.</summary>
    public static IColumnView Texts(params string?[] values) => new ArrayColumnView(values);

    /// <summary>A timestamp column; null entries are null.</summary>
    public static IColumnView Timestamps(params DateTimeOffset?[] values) => new ArrayColumnView(values);

    /// <summary>A boolean column; null entries are null.</summary>
    public static IColumnView Booleans(params bool?[] values) => new ArrayColumnView(values);
}
