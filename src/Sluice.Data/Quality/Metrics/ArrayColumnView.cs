namespace Sluice.Data.Quality.Metrics;

/// <summary>One array-backed column view; which array is set decides the kind.</summary>
internal sealed class ArrayColumnView : IColumnView
{
    private readonly double[]? _numbers;
    private readonly bool[]? _numberNulls;
    private readonly string?[]? _texts;
    private readonly DateTimeOffset?[]? _timestamps;
    private readonly bool?[]? _booleans;

    public ArrayColumnView(double[] values, bool[]? isNull)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (isNull is not null && isNull.Length != values.Length)
        {
            throw new ArgumentException($"The null mask has {isNull.Length} entries but there are {values.Length} values.", nameof(isNull));
        }

        (_numbers, _numberNulls, Kind, RowCount) = (values, isNull, ColumnKind.Number, values.Length);
    }

    public ArrayColumnView(string?[] values) => (_texts, Kind, RowCount) = (values, ColumnKind.Text, values.Length);

    public ArrayColumnView(DateTimeOffset?[] values) => (_timestamps, Kind, RowCount) = (values, ColumnKind.Timestamp, values.Length);

    public ArrayColumnView(bool?[] values) => (_booleans, Kind, RowCount) = (values, ColumnKind.Boolean, values.Length);

    public int RowCount { get; }

    public ColumnKind Kind { get; }

    public bool IsNull(int row) => Kind switch
    {
        ColumnKind.Number => double.IsNaN(_numbers![row]) || (_numberNulls is not null && _numberNulls[row]),
        ColumnKind.Text => _texts![row] is null,
        ColumnKind.Timestamp => _timestamps![row] is null,
        _ => _booleans![row] is null,
    };

    public double GetDouble(int row) => _numbers![row];

    public ReadOnlySpan<char> GetChars(int row) => _texts![row];

    public string GetString(int row) => _texts![row]!;

    public DateTimeOffset GetTimestamp(int row) => _timestamps![row]!.Value;

    public bool GetBoolean(int row) => _booleans![row]!.Value;
}
