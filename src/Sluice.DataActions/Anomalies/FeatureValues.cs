using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// The numeric feature columns of a dataset as doubles (NaN for null) and each row's group id, read in one streaming pass.
/// Only these columns are kept: 8 bytes per row and column, plus 4 per row for group ids.
/// </summary>
internal sealed class FeatureValues
{
    private FeatureValues(IReadOnlyList<string> columns, double[][] values, int[]? groups, int groupCount, int rows)
    {
        Columns = columns;
        Values = values;
        Groups = groups;
        GroupCount = groupCount;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per column, the values of rows 0..Rows−1 (arrays may be longer).</summary>
    public double[][] Values { get; }

    /// <summary>Per row, its group id; null without group_by.</summary>
    public int[]? Groups { get; }

    public int GroupCount { get; }

    public int Rows { get; }

    public ReadOnlySpan<double> Column(int c) => Values[c].AsSpan(0, Rows);

    public ReadOnlySpan<int> GroupIds => Groups is null ? default : Groups.AsSpan(0, Rows);

    /// <summary>The same rows with only the columns at <paramref name="keep"/> (no copy of the values).</summary>
    public FeatureValues Select(IReadOnlyList<int> keep) =>
        new([.. keep.Select(c => Columns[c])], [.. keep.Select(c => Values[c])], Groups, GroupCount, Rows);

    public static async Task<FeatureValues> CollectAsync(IBatchSource source, IReadOnlyList<string> columns, IReadOnlyList<string> groupBy, CancellationToken cancellationToken)
    {
        var values = columns.Select(static _ => new double[1024]).ToArray();
        var groups = groupBy.Count > 0 ? new int[1024] : null;
        var keys = new GroupKeys();
        var groupColumns = new List<Column>(groupBy.Count);
        var rows = 0;
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                var n = batch.RowCount;
                if ((long)rows + n > Array.MaxLength)
                {
                    throw new Diagnostics.SluiceException($"anomaly detection holds at most {Array.MaxLength} rows; split the data (for example with for_each over partitions)");
                }

                for (var c = 0; c < columns.Count; c++)
                {
                    Grow(ref values[c], rows + n);
                    Read(batch.Column(columns[c]), values[c].AsSpan(rows, n));
                }

                if (groups is not null)
                {
                    Grow(ref groups, rows + n);
                    groupColumns.Clear();
                    groupColumns.AddRange(groupBy.Select(batch.Column));
                    keys.Assign(groupColumns, groups.AsSpan(rows, n));
                }

                rows += n;
            }
        }

        return new FeatureValues(columns, values, groups, groups is null ? 1 : keys.Count, rows);
    }

    /// <summary>True for the columns detection can use: int64, float64, decimal.</summary>
    public static bool IsNumeric(Field field) => field.Type.IsNumeric;

    private static void Read(Column column, Span<double> target)
    {
        switch (column)
        {
            case PrimitiveColumn<double> d:
                d.Values.CopyTo(target);
                break;
            case PrimitiveColumn<long> l:
                var scale = column.Type.Kind == TypeKind.Decimal ? Math.Pow(10, column.Type.Scale) : 1;
                var src = l.Values;
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = scale == 1 ? src[i] : src[i] / scale;
                }

                break;
            default:
                throw new Diagnostics.SluiceException($"column of type {column.Type} is not numeric");
        }

        if (column.Validity is not null)
        {
            for (var i = 0; i < target.Length; i++)
            {
                if (column.IsNull(i))
                {
                    target[i] = double.NaN;
                }
            }
        }
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        if (size > array.Length)
        {
            Array.Resize(ref array, (int)Math.Min(Array.MaxLength, Math.Max(size, (long)array.Length * 2)));
        }
    }
}
