using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// Exact quantiles per group: keeps the values and selects at the end. Continuous quantiles interpolate in float64;
/// discrete ones return an input value of the input type (numbers, dates and timestamps).
/// </summary>
internal sealed class QuantileAccumulator(AggregateKind kind, double fraction, DataType input)
    : CollectingAccumulator(kind == AggregateKind.QuantileCont ? DataType.Float64 : input)
{
    public override Column Finish(int groupCount)
    {
        Ensure(ref Doubles, groupCount, null!);
        Ensure(ref Longs, groupCount, null!);
        var isNull = new bool[groupCount];
        var scale = input.Kind == TypeKind.Decimal ? Pow10.Int64(input.Scale) : 1;
        if (kind == AggregateKind.QuantileCont)
        {
            var result = new double[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                var values = Doubles[g] ?? Longs[g]?.Select(v => (double)v / scale).ToList();
                isNull[g] = values is null;
                if (values is not null)
                {
                    var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
                    var h = (span.Length - 1) * fraction;
                    var lo = (int)Math.Floor(h);
                    var low = Selection.Select(span, lo);
                    // Select leaves every value after position lo at least as large, so the next one is their minimum.
                    var high = lo + 1 < span.Length && h > lo ? Min(span[(lo + 1)..]) : low;
                    result[g] = low + ((h - lo) * (high - low));
                }
            }

            return Build(DataType.Float64, result, isNull, groupCount);
        }

        if (input.Kind == TypeKind.Float64)
        {
            var result = new double[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                isNull[g] = Doubles[g] is null;
                if (Doubles[g] is { } values)
                {
                    result[g] = Selection.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), DiscreteIndex(values.Count));
                }
            }

            return Build(DataType.Float64, result, isNull, groupCount);
        }

        var longs = new long[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = Longs[g] is null;
            if (Longs[g] is { } values)
            {
                longs[g] = Selection.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), DiscreteIndex(values.Count));
            }
        }

        if (input.Kind == TypeKind.Date)
        {
            return Build(input, longs.Select(static v => (int)v).ToArray(), isNull, groupCount);
        }

        return input.Kind == TypeKind.Bool ? Build(input, longs.Select(static v => v != 0).ToArray(), isNull, groupCount) : Build(input, longs, isNull, groupCount);
    }

    private int DiscreteIndex(int n) => Math.Clamp((int)Math.Ceiling(n * fraction) - 1, 0, n - 1);

    private static double Min(Span<double> values)
    {
        var min = values[0];
        foreach (var v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }
}
