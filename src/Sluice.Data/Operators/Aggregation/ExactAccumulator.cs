using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// Sum, mean, variance and standard deviation of integer, decimal or bool input, from exact 128-bit sums
/// (Σx and, for the spread, Σx²).
/// </summary>
internal sealed class ExactAccumulator : Accumulator
{
    private readonly AggregateKind _kind;
    private readonly DataType _input;
    private Int128[] _sums = [];
    private Int128[] _squares = [];
    private long[] _counts = [];

    public ExactAccumulator(AggregateKind kind, DataType input)
        : base(ResultTypeOf(kind, input))
    {
        _kind = kind;
        _input = input;
    }

    private static DataType ResultTypeOf(AggregateKind kind, DataType input) => kind switch
    {
        AggregateKind.Sum => input.Kind == TypeKind.Bool ? DataType.Int64 : input,
        AggregateKind.Mean when input.Kind == TypeKind.Decimal => input,
        _ => DataType.Float64,
    };

    private bool NeedSquares => _kind is not (AggregateKind.Sum or AggregateKind.Mean);

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _sums, groupCount, Int128.Zero);
        Ensure(ref _counts, groupCount, 0L);
        if (NeedSquares)
        {
            Ensure(ref _squares, groupCount, Int128.Zero);
        }

        var c = column!;
        if (c is PrimitiveColumn<long> longs && c.Validity is null && !NeedSquares)
        {
            var values = longs.Values;
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                _sums[g] += values[i];
                _counts[g]++;
            }

            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (c.IsNull(i))
            {
                continue;
            }

            var g = groups[i];
            var v = LongAt(c, i);
            _sums[g] += v;
            _counts[g]++;
            if (NeedSquares)
            {
                _squares[g] = checked(_squares[g] + ((Int128)v * v));
            }
        }
    }

    public override Accumulator? CreatePartial() => new ExactAccumulator(_kind, _input);

    public override void Merge(Accumulator partial, ReadOnlySpan<int> map, int groupCount)
    {
        var p = (ExactAccumulator)partial;
        Ensure(ref _sums, groupCount, Int128.Zero);
        Ensure(ref _counts, groupCount, 0L);
        Ensure(ref p._sums, map.Length, Int128.Zero);
        Ensure(ref p._counts, map.Length, 0L);
        if (NeedSquares)
        {
            Ensure(ref _squares, groupCount, Int128.Zero);
            Ensure(ref p._squares, map.Length, Int128.Zero);
        }

        for (var g = 0; g < map.Length; g++)
        {
            var t = map[g];

            // Sums of integers are exact, so adding partials in any grouping gives the one-pass result.
            _sums[t] += p._sums[g];
            _counts[t] += p._counts[g];
            if (NeedSquares)
            {
                _squares[t] = checked(_squares[t] + p._squares[g]);
            }
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _sums, groupCount, Int128.Zero);
        Ensure(ref _counts, groupCount, 0L);
        Ensure(ref _squares, groupCount, Int128.Zero);
        var isNull = new bool[groupCount];
        var unit = _input.Kind == TypeKind.Decimal ? (double)Pow10.Int64(_input.Scale) : 1.0;
        if (ResultType.Kind != TypeKind.Float64)
        {
            var longs = new long[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                isNull[g] = _counts[g] == 0;
                longs[g] = isNull[g] ? 0 : _kind == AggregateKind.Sum ? ToLong(_sums[g]) : ToLong(RoundedDiv(_sums[g], _counts[g]));
            }

            return Build(ResultType, longs, isNull, groupCount);
        }

        var doubles = new double[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var n = _counts[g];
            var sample = _kind is AggregateKind.VarSamp or AggregateKind.StdSamp;
            isNull[g] = n == 0 || (sample && n < 2);
            if (isNull[g])
            {
                continue;
            }

            if (_kind == AggregateKind.Mean)
            {
                doubles[g] = (double)_sums[g] / n / unit;
                continue;
            }

            // n·Σx² − (Σx)² is exact; one rounding when converting to double.
            var spread = (double)checked((n * _squares[g]) - (_sums[g] * _sums[g]));
            var variance = spread / ((double)n * (sample ? n - 1 : n)) / (unit * unit);
            doubles[g] = _kind is AggregateKind.StdPop or AggregateKind.StdSamp ? Math.Sqrt(variance) : variance;
        }

        return Build(DataType.Float64, doubles, isNull, groupCount);
    }

    /// <summary>sum / count rounded half away from zero.</summary>
    internal static Int128 RoundedDiv(Int128 sum, long count)
    {
        var q = ((Int128.Abs(sum) * 2) + count) / ((Int128)count * 2);
        return sum < 0 ? -q : q;
    }

    private static long ToLong(Int128 v) => v >= long.MinValue && v <= long.MaxValue
        ? (long)v
        : throw new DataException($"Aggregate result {v} does not fit in 64 bits.");
}
