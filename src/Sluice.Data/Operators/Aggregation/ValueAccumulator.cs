using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>min, max, first, last, any_value and count_distinct of any type, kept as key codes (strings interned) and decoded at the end.</summary>
internal sealed class ValueAccumulator(AggregateKind kind, KeyEncoder encoder)
    : Accumulator(kind == AggregateKind.CountDistinct ? Batches.DataType.Int64 : encoder.Type)
{
    private long[] _codes = [];
    private byte[] _state = [];
    private HashSet<long>[] _distinct = [];

    // _state: 0 = no row yet, 1 = holds a value, 2 = holds null (first/last only).
    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _codes, groupCount, 0L);
        Ensure(ref _state, groupCount, (byte)0);
        var c = column!;
        var codes = Buffers.Rent<long>(c.Length);
        try
        {
            encoder.Encode(c, codes);
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                var isNull = c.IsNull(i);
                switch (kind)
                {
                    case AggregateKind.First:
                        if (_state[g] == 0)
                        {
                            Set(g, codes[i], isNull);
                        }

                        break;
                    case AggregateKind.Last:
                        Set(g, codes[i], isNull);
                        break;
                    case AggregateKind.AnyValue:
                        if (!isNull && _state[g] == 0)
                        {
                            Set(g, codes[i], false);
                        }

                        break;
                    case AggregateKind.CountDistinct:
                        if (!isNull)
                        {
                            Ensure(ref _distinct, groupCount, null!);
                            (_distinct[g] ??= []).Add(codes[i]);
                        }

                        break;
                    default:
                        if (!isNull && (_state[g] != 1 || Better(codes[i], _codes[g])))
                        {
                            Set(g, codes[i], false);
                        }

                        break;
                }
            }
        }
        finally
        {
            Buffers.Return(codes);
        }
    }

    private bool Better(long candidate, long current)
    {
        var c = encoder.CompareCodes(candidate, current);
        return kind == AggregateKind.Min ? c < 0 : c > 0;
    }

    private void Set(int g, long code, bool isNull)
    {
        _codes[g] = code;
        _state[g] = isNull ? (byte)2 : (byte)1;
    }

    // String codes are ids of each accumulator's own interner, so only value-coded types merge.
    public override Accumulator? CreatePartial() =>
        kind != AggregateKind.CountDistinct && encoder.Type.Kind != Batches.TypeKind.String
            ? new ValueAccumulator(kind, new KeyEncoder(encoder.Type))
            : null;

    public override void Merge(Accumulator partial, ReadOnlySpan<int> map, int groupCount)
    {
        var p = (ValueAccumulator)partial;
        Ensure(ref _codes, groupCount, 0L);
        Ensure(ref _state, groupCount, (byte)0);
        Ensure(ref p._codes, map.Length, 0L);
        Ensure(ref p._state, map.Length, (byte)0);
        for (var g = 0; g < map.Length; g++)
        {
            var state = p._state[g];
            var t = map[g];
            var code = p._codes[g];
            var take = kind switch
            {
                AggregateKind.First => state != 0 && _state[t] == 0,
                AggregateKind.Last => state != 0,
                AggregateKind.AnyValue => state == 1 && _state[t] != 1,
                _ => state == 1 && (_state[t] != 1 || Better(code, _codes[t])),
            };
            if (take)
            {
                Set(t, code, state == 2);
            }
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _codes, groupCount, 0L);
        Ensure(ref _state, groupCount, (byte)0);
        if (kind == AggregateKind.CountDistinct)
        {
            Ensure(ref _distinct, groupCount, null!);
            var counts = new long[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                counts[g] = _distinct[g]?.Count ?? 0;
            }

            return Build(Batches.DataType.Int64, counts, null, groupCount);
        }

        var isNull = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = _state[g] != 1;
        }

        return encoder.Decode(_codes.AsSpan(0, groupCount), isNull);
    }
}
