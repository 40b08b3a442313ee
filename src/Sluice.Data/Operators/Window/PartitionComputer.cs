using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Window;

/// <summary>Computes every window function over the rows of one complete partition, writing the results into their batches.</summary>
internal static class PartitionComputer
{
    public static void Compute(PartitionRows rows, int[] order, WindowOperator.FunctionPlan[] plans, KeyEncoder[] encoders)
    {
        var n = rows.Count;
        var peerStart = new int[n];
        var peerEnd = new int[n];
        var denseRank = new long[n];
        long dense = 0;
        for (var i = 0; i < n; i++)
        {
            var newPeer = i == 0 || !SameOrder(rows, order, i - 1, i);
            peerStart[i] = newPeer ? i : peerStart[i - 1];
            dense += newPeer ? 1 : 0;
            denseRank[i] = dense;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            peerEnd[i] = i == n - 1 || peerStart[i + 1] != peerStart[i] ? i : peerEnd[i + 1];
        }

        for (var f = 0; f < plans.Length; f++)
        {
            var fn = plans[f].Function;
            switch (fn.Kind)
            {
                case WindowKind.RowNumber:
                    Each(rows, f, n, i => i + 1);
                    break;
                case WindowKind.Rank:
                    Each(rows, f, n, i => peerStart[i] + 1);
                    break;
                case WindowKind.DenseRank:
                    Each(rows, f, n, i => denseRank[i]);
                    break;
                case WindowKind.PercentRank:
                    Each(rows, f, n, i => BitConverter.DoubleToInt64Bits(n == 1 ? 0.0 : (double)peerStart[i] / (n - 1)));
                    break;
                case WindowKind.CumeDist:
                    Each(rows, f, n, i => BitConverter.DoubleToInt64Bits((double)(peerEnd[i] + 1) / n));
                    break;
                case WindowKind.Ntile:
                    Each(rows, f, n, i => Ntile(i, n, fn.Offset));
                    break;
                case WindowKind.Lag or WindowKind.Lead:
                    var slot = plans[f].Slot;
                    for (var i = 0; i < n; i++)
                    {
                        var j = fn.Kind == WindowKind.Lag ? i - fn.Offset : i + fn.Offset;
                        var inside = j >= 0 && j < n;
                        rows.Set(f, i, inside ? rows.Code(slot, j) : 0, !inside || rows.IsNull(slot, j));
                    }

                    break;
                case WindowKind.First or WindowKind.Last:
                    for (var i = 0; i < n; i++)
                    {
                        var j = fn.Kind == WindowKind.First ? Low(fn, i) : High(fn, i, n);
                        rows.Set(f, i, rows.Code(plans[f].Slot, j), rows.IsNull(plans[f].Slot, j));
                    }

                    break;
                default:
                    Frames(rows, f, plans[f], plans[f].Slot < 0 ? null : encoders[plans[f].Slot], n);
                    break;
            }
        }
    }

    private static void Each(PartitionRows rows, int f, int n, Func<int, long> value)
    {
        for (var i = 0; i < n; i++)
        {
            rows.Set(f, i, value(i), false);
        }
    }

    /// <summary>DuckDB's (and SQL Server's) bucketing: the first n mod b buckets get one row more.</summary>
    private static long Ntile(int row, int n, int buckets)
    {
        buckets = Math.Min(buckets, n);
        var size = n / buckets;
        var large = n - (buckets * size);
        var smallStart = large * (size + 1);
        return row < smallStart ? 1 + (row / (size + 1)) : 1 + large + ((row - smallStart) / size);
    }

    private static int Low(WindowFunction fn, int i) => fn.Preceding is { } p ? Math.Max(0, i - p) : 0;

    private static int High(WindowFunction fn, int i, int n) => fn.Following is { } q ? (int)Math.Min(n - 1L, (long)i + q) : n - 1;

    private static bool SameOrder(PartitionRows rows, int[] order, int a, int b)
    {
        foreach (var k in order)
        {
            var na = rows.IsNull(k, a);
            if (na != rows.IsNull(k, b) || (!na && rows.Code(k, a) != rows.Code(k, b)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Sum, mean, min, max and counts over each row's frame: frames that start at the partition's start grow with the
    /// row, frames that end at its end shrink from the back, bounded frames are summed row by row.
    /// </summary>
    private static void Frames(PartitionRows rows, int f, WindowOperator.FunctionPlan plan, KeyEncoder? encoder, int n)
    {
        var fn = plan.Function;
        var acc = new FrameState(fn.Kind, plan.Slot, encoder);
        if (fn.Preceding is null)
        {
            var next = 0;
            for (var i = 0; i < n; i++)
            {
                for (var hi = High(fn, i, n); next <= hi; next++)
                {
                    acc.Add(rows, next);
                }

                acc.Write(rows, f, i, plan.Type);
            }
        }
        else if (fn.Following is null)
        {
            var next = n - 1;
            for (var i = n - 1; i >= 0; i--)
            {
                for (var lo = Low(fn, i); next >= lo; next--)
                {
                    acc.Add(rows, next);
                }

                acc.Write(rows, f, i, plan.Type);
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                acc = new FrameState(fn.Kind, plan.Slot, encoder);
                for (int j = Low(fn, i), hi = High(fn, i, n); j <= hi; j++)
                {
                    acc.Add(rows, j);
                }

                acc.Write(rows, f, i, plan.Type);
            }
        }
    }

    /// <summary>The aggregate of the rows added so far.</summary>
    private struct FrameState(WindowKind kind, int slot, KeyEncoder? encoder)
    {
        private long _rows;
        private long _count;
        private Int128 _longSum;
        private double _doubleSum;
        private long _best;

        public void Add(PartitionRows rows, int i)
        {
            _rows++;
            if (slot < 0 || rows.IsNull(slot, i))
            {
                return;
            }

            var code = rows.Code(slot, i);
            var better = _count == 0 || (kind == WindowKind.Min ? encoder!.CompareCodes(code, _best) < 0 : kind == WindowKind.Max && encoder!.CompareCodes(code, _best) > 0);
            _count++;
            if (better)
            {
                _best = code;
            }

            if (encoder!.Type.Kind == TypeKind.Float64)
            {
                _doubleSum += BitConverter.Int64BitsToDouble(code);
            }
            else
            {
                _longSum += code;
            }
        }

        public readonly void Write(PartitionRows rows, int f, int i, DataType type)
        {
            switch (kind)
            {
                case WindowKind.CountAll:
                    rows.Set(f, i, _rows, false);
                    return;
                case WindowKind.Count:
                    rows.Set(f, i, _count, false);
                    return;
                case WindowKind.Min or WindowKind.Max:
                    rows.Set(f, i, _best, _count == 0);
                    return;
                case WindowKind.Mean:
                    var scale = encoder!.Type.Kind == TypeKind.Decimal ? Pow10.Int64(encoder.Type.Scale) : 1;
                    var mean = encoder.Type.Kind == TypeKind.Float64 ? _doubleSum / _count : (double)_longSum / _count / scale;
                    rows.Set(f, i, BitConverter.DoubleToInt64Bits(mean), _count == 0);
                    return;
                default:
                    if (type.Kind == TypeKind.Float64)
                    {
                        rows.Set(f, i, BitConverter.DoubleToInt64Bits(_doubleSum), _count == 0);
                    }
                    else if (_longSum > long.MaxValue || _longSum < long.MinValue)
                    {
                        throw new DataException("Window sum overflows int64; cast the column to float first.");
                    }
                    else
                    {
                        rows.Set(f, i, (long)_longSum, _count == 0);
                    }

                    return;
            }
        }
    }
}
