namespace Sluice.Data.Anomalies;

/// <summary>Read-only rows × features view over either jagged rows or one row-major buffer.</summary>
internal sealed class FeatureMatrix
{
    private readonly double[][]? _jagged;
    private readonly ReadOnlyMemory<double> _flat;

    private FeatureMatrix(double[][]? jagged, ReadOnlyMemory<double> flat, int rows, int features)
    {
        _jagged = jagged;
        _flat = flat;
        Rows = rows;
        Features = features;
    }

    public int Rows { get; }

    public int Features { get; }

    public ReadOnlySpan<double> Row(int i) => _jagged is null ? _flat.Span.Slice(i * Features, Features) : _jagged[i];

    public static FeatureMatrix FromRows(double[][] rows, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(rows, parameterName);
        if (rows.Length == 0)
        {
            throw new ArgumentException("At least one row is required.", parameterName);
        }

        var features = rows[0]?.Length ?? 0;
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != features || features == 0)
            {
                throw new ArgumentException(
                    $"Row {i} has {rows[i]?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} features; every row needs the same non-zero number as row 0 ({features}).",
                    parameterName);
            }

            CheckFinite(rows[i], i, parameterName);
        }

        return new FeatureMatrix(rows, default, rows.Length, features);
    }

    public static FeatureMatrix FromRowMajor(ReadOnlyMemory<double> values, int featureCount, string parameterName)
    {
        if (featureCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "featureCount must be at least 1.");
        }

        if (values.IsEmpty || values.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"A row-major buffer of {values.Length} values is not a whole, non-empty number of rows of {featureCount} features.",
                parameterName);
        }

        var rows = values.Length / featureCount;
        var span = values.Span;
        for (var i = 0; i < rows; i++)
        {
            CheckFinite(span.Slice(i * featureCount, featureCount), i, parameterName);
        }

        return new FeatureMatrix(null, values, rows, featureCount);
    }

    private static void CheckFinite(ReadOnlySpan<double> row, int index, string parameterName)
    {
        for (var j = 0; j < row.Length; j++)
        {
            if (!double.IsFinite(row[j]))
            {
                throw new ArgumentException(
                    $"Row {index}, feature {j} is {row[j]}; isolation forests need finite values (impute or drop nulls first).",
                    parameterName);
            }
        }
    }
}
