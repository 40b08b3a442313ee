using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Windows;

/// <summary>
/// The running state of every aggregate of one (window, key): numeric state in flat arrays (Welford's mean and M2 for
/// <c>std</c>), text min/max, first values and distinct sets as objects. Owned by one window operator; not thread-safe.
/// </summary>
internal sealed class Accumulators
{
    private readonly long[] _count;
    private readonly double[] _sum;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly object?[] _objects;

    public Accumulators(object?[] keyValues, int aggregates)
    {
        KeyValues = keyValues;
        _count = new long[aggregates];
        _sum = new double[aggregates];
        _mean = new double[aggregates];
        _m2 = new double[aggregates];
        _objects = new object?[aggregates];
    }

    public object?[] KeyValues { get; }

    /// <summary>Updated since the window last emitted (a late event within the allowed lateness).</summary>
    public bool Dirty { get; set; }

    public void Add(IReadOnlyList<AggregateSpec> specs, ColumnReader[] inputs, int row)
    {
        for (var a = 0; a < specs.Count; a++)
        {
            var kind = specs[a].Kind;
            if (specs[a].Column is null)
            {
                _count[a]++;
                continue;
            }

            ref readonly var input = ref inputs[a];
            if (input.IsNull(row))
            {
                continue;
            }

            switch (kind)
            {
                case AggregateKind.Count:
                    _count[a]++;
                    break;
                case AggregateKind.Sum or AggregateKind.Mean or AggregateKind.Std:
                    var x = input.Double(row);
                    var n = ++_count[a];
                    _sum[a] += x;
                    var delta = x - _mean[a];
                    _mean[a] += delta / n;
                    _m2[a] += delta * (x - _mean[a]);
                    break;
                case AggregateKind.Min or AggregateKind.Max:
                    MinMax(a, kind == AggregateKind.Max, input, row);
                    break;
                case AggregateKind.CountDistinct:
                    var set = (HashSet<object>)(_objects[a] ??= new HashSet<object>());
                    set.Add(input.Value(row)!);
                    break;
                case AggregateKind.First:
                    _objects[a] ??= input.Value(row);
                    break;
            }
        }
    }

    /// <summary>Folds <paramref name="other"/> into this (merging sessions).</summary>
    public void Merge(Accumulators other, IReadOnlyList<AggregateSpec> specs)
    {
        for (var a = 0; a < specs.Count; a++)
        {
            var kind = specs[a].Kind;
            var (n1, n2) = (_count[a], other._count[a]);
            if (kind is AggregateKind.Min or AggregateKind.Max)
            {
                var max = kind == AggregateKind.Max;
                if (n2 > 0 && (n1 == 0 || (max ? other._sum[a] > _sum[a] : other._sum[a] < _sum[a])))
                {
                    _sum[a] = other._sum[a];
                }

                if (other._objects[a] is string o && (_objects[a] is not string c || (max ? string.CompareOrdinal(o, c) > 0 : string.CompareOrdinal(o, c) < 0)))
                {
                    _objects[a] = o;
                }

                _count[a] = n1 + n2;
                continue;
            }

            if (n1 + n2 > 0 && kind is AggregateKind.Sum or AggregateKind.Mean or AggregateKind.Std)
            {
                // Chan et al.: combine two (n, mean, M2) summaries exactly.
                var delta = other._mean[a] - _mean[a];
                var n = n1 + n2;
                _m2[a] += other._m2[a] + (delta * delta * n1 * n2 / n);
                _mean[a] += delta * n2 / n;
            }

            _count[a] = n1 + n2;
            _sum[a] += other._sum[a];
            if (other._objects[a] is HashSet<object> set)
            {
                ((HashSet<object>)(_objects[a] ??= new HashSet<object>())).UnionWith(set);
            }
            else
            {
                _objects[a] ??= other._objects[a];
            }
        }
    }

    private void MinMax(int a, bool max, in ColumnReader input, int row)
    {
        if (input.IsNumber)
        {
            var x = input.Double(row);
            if (_count[a]++ == 0 || (max ? x > _sum[a] : x < _sum[a]))
            {
                _sum[a] = x;
            }

            return;
        }

        var v = input.Value(row) as string ?? "";
        if (_objects[a] is not string current || (max ? string.CompareOrdinal(v, current) > 0 : string.CompareOrdinal(v, current) < 0))
        {
            _objects[a] = v;
        }
    }

    /// <summary>The result of aggregate <paramref name="a"/>; integer inputs keep integer sums, minima and maxima.</summary>
    public object? Result(AggregateSpec spec, int a, bool integerInput) => spec.Kind switch
    {
        AggregateKind.Count => _count[a],
        AggregateKind.Sum => _count[a] == 0 ? null : integerInput ? (long)_sum[a] : _sum[a],
        AggregateKind.Mean => _count[a] == 0 ? null : _mean[a],
        AggregateKind.Std => _count[a] < 2 ? null : Math.Sqrt(_m2[a] / (_count[a] - 1)),
        AggregateKind.Min or AggregateKind.Max => _objects[a] ?? (_count[a] == 0 ? null : integerInput ? (long)_sum[a] : _sum[a]),
        AggregateKind.CountDistinct => (long)(((HashSet<object>?)_objects[a])?.Count ?? 0),
        _ => _objects[a],
    };

    public void Save(StateWriter w)
    {
        w.Write(KeyValues.Length);
        foreach (var k in KeyValues)
        {
            w.WriteValue(k);
        }

        w.Write(Dirty);
        for (var a = 0; a < _count.Length; a++)
        {
            w.Write(_count[a]);
            w.Write(_sum[a]);
            w.Write(_mean[a]);
            w.Write(_m2[a]);
            if (_objects[a] is HashSet<object> set)
            {
                w.Write(true);
                w.Write(set.Count);
                foreach (var v in set)
                {
                    w.WriteValue(v);
                }
            }
            else
            {
                w.Write(false);
                w.WriteValue(_objects[a]);
            }
        }
    }

    public static Accumulators Load(StateReader r, int aggregates)
    {
        var keys = new object?[r.ReadInt()];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = r.ReadValue();
        }

        var acc = new Accumulators(keys, aggregates) { Dirty = r.ReadBool() };
        for (var a = 0; a < aggregates; a++)
        {
            acc._count[a] = r.ReadLong();
            acc._sum[a] = r.ReadDouble();
            acc._mean[a] = r.ReadDouble();
            acc._m2[a] = r.ReadDouble();
            if (r.ReadBool())
            {
                var set = new HashSet<object>();
                for (var n = r.ReadInt(); n > 0; n--)
                {
                    set.Add(r.ReadValue()!);
                }

                acc._objects[a] = set;
            }
            else
            {
                acc._objects[a] = r.ReadValue();
            }
        }

        return acc;
    }
}
