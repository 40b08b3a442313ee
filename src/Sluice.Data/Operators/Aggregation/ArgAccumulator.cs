using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// arg_max/arg_min: the value of one column on the row where another is largest/smallest. Rows where either is null
/// are skipped; among equal rankings the first row in input order wins.
/// </summary>
internal sealed class ArgAccumulator(AggregateKind kind, KeyEncoder values, KeyEncoder ranks) : Accumulator(values.Type)
{
    private long[] _value = [];
    private long[] _rank = [];
    private bool[] _seen = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount) =>
        throw new InvalidOperationException("arg_max/arg_min read two columns.");

    public override void Update(Column? column, Column? second, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _value, groupCount, 0L);
        Ensure(ref _rank, groupCount, 0L);
        Ensure(ref _seen, groupCount, false);
        var v = column!;
        var r = second!;
        var valueCodes = Buffers.Rent<long>(v.Length);
        var rankCodes = Buffers.Rent<long>(r.Length);
        try
        {
            values.Encode(v, valueCodes);
            ranks.Encode(r, rankCodes);
            for (var i = 0; i < groups.Length; i++)
            {
                if (v.IsNull(i) || r.IsNull(i))
                {
                    continue;
                }

                var g = groups[i];
                var c = _seen[g] ? ranks.CompareCodes(rankCodes[i], _rank[g]) : 0;
                if (!_seen[g] || (kind == AggregateKind.ArgMax ? c > 0 : c < 0))
                {
                    _seen[g] = true;
                    _rank[g] = rankCodes[i];
                    _value[g] = valueCodes[i];
                }
            }
        }
        finally
        {
            Buffers.Return(valueCodes);
            Buffers.Return(rankCodes);
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _value, groupCount, 0L);
        Ensure(ref _seen, groupCount, false);
        var isNull = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = !_seen[g];
        }

        return values.Decode(_value.AsSpan(0, groupCount), isNull);
    }
}
