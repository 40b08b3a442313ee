using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>Exact median per group: keeps the values, selects the middle ones at the end.</summary>
internal sealed class MedianAccumulator(DataType input, MedianRounding rounding)
    : Accumulator(input.Kind == TypeKind.Int64 || input.Kind == TypeKind.Decimal ? input : DataType.Float64)
{
    private List<long>[] _longs = [];
    private List<double>[] _doubles = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        var c = column!;
        if (c is PrimitiveColumn<double> d)
        {
            Ensure(ref _doubles, groupCount, null!);
            for (var i = 0; i < groups.Length; i++)
            {
                if (!c.IsNull(i))
                {
                    (_doubles[groups[i]] ??= []).Add(d.Values[i]);
                }
            }

            return;
        }

        Ensure(ref _longs, groupCount, null!);
        for (var i = 0; i < groups.Length; i++)
        {
            if (!c.IsNull(i))
            {
                (_longs[groups[i]] ??= []).Add(LongAt(c, i));
            }
        }
    }

    public override Column Finish(int groupCount)
    {
        var isNull = new bool[groupCount];
        if (ResultType.Kind == TypeKind.Float64)
        {
            Ensure(ref _doubles, groupCount, null!);
            Ensure(ref _longs, groupCount, null!);
            var result = new double[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                var values = _doubles[g] ?? _longs[g]?.Select(v => (double)v).ToList();
                isNull[g] = values is null;
                if (values is not null)
                {
                    var (a, b) = Selection.Middle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
                    result[g] = (a + b) / 2;
                }
            }

            return Build(DataType.Float64, result, isNull, groupCount);
        }

        Ensure(ref _longs, groupCount, null!);
        var longs = new long[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = _longs[g] is null;
            if (_longs[g] is { } values)
            {
                var (a, b) = Selection.Middle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
                longs[g] = Selection.MedianOf(a, b, rounding);
            }
        }

        return Build(ResultType, longs, isNull, groupCount);
    }
}
