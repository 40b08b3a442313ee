namespace Sluice.Data.Anomalies;

/// <summary>Argument checks and null tests shared by the univariate detectors.</summary>
internal static class DetectorSpans
{
    public static bool IsNull(ReadOnlySpan<double> values, ReadOnlySpan<bool> isNull, int i) =>
        !double.IsFinite(values[i]) || (!isNull.IsEmpty && isNull[i]);

    public static void Check(int values, int isNull, int anomalies)
    {
        if (isNull != 0 && isNull != values)
        {
            throw new ArgumentException($"The null mask has {isNull} entries but there are {values} values.", nameof(isNull));
        }

        if (anomalies != values)
        {
            throw new ArgumentException($"The output span has {anomalies} entries but there are {values} values.", nameof(anomalies));
        }
    }

    public static void CheckGroups(int values, int groups)
    {
        if (groups != values)
        {
            throw new ArgumentException($"There are {groups} group keys but {values} values.", nameof(groups));
        }
    }
}
