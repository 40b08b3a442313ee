using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>Exact median per group: keeps the values, selects the middle ones at the end.</summary>
internal sealed class MedianAccumulator(DataType input, MedianRounding rounding)
    : CollectingAccumulator(input.Kind == TypeKind.Int64 || input.Kind == TypeKind.Decimal ? input : DataType.Float64)
{
    public override Column Finish(int groupCount)
    {
        var isNull = new bool[groupCount];
        if (ResultType.Kind == TypeKind.Float64)
        {
            Ensure(ref Doubles, groupCount, null!);
            Ensure(ref Longs, groupCount, null!);
            var result = new double[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                var values = Doubles[g] ?? Longs[g]?.Select(v => (double)v).ToList();
                isNull[g] = values is null;
                if (values is not null)
                {
                    var (a, b) = Selection.Middle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
                    result[g] = (a + b) / 2;
                }
            }

            return Build(DataType.Float64, result, isNull, groupCount);
        }

        Ensure(ref Longs, groupCount, null!);
        var longs = new long[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = Longs[g] is null;
            if (Longs[g] is { } values)
            {
                var (a, b) = Selection.Middle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
                longs[g] = Selection.MedianOf(a, b, rounding);
            }
        }

        return Build(ResultType, longs, isNull, groupCount);
    }
}
