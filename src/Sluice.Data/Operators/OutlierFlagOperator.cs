using System.Numerics;
using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Adds a bool column that flags z-score outliers per group: a row with value r is flagged when
/// |r − μ| &gt; k·σ, with μ and the population σ of its group. For integer and decimal values the test is exact:
/// with n, S = Σr, Q = Σr² per group and k = p/q, it is q·|n·r − S| &gt; isqrt(p²·(n·Q − S²)), evaluated as
/// per-group integer thresholds (128-bit sums, arbitrary precision for the square root). σ = 0 flags nothing;
/// a null value gives a null flag. Needs the whole input before it emits: two passes over batches buffered in a spool
/// under <see cref="Budget"/> (spilling to disk beyond it).
/// </summary>
/// <param name="valueColumn">The Int64 or Decimal column tested.</param>
/// <param name="groupBy">Group key columns (empty = one group).</param>
/// <param name="k">The threshold in standard deviations (exact decimal, e.g. 3 or 2.5). The default is 3.</param>
/// <param name="output">The name of the added bool column. The default is "is_outlier".</param>
public sealed class OutlierFlagOperator(string valueColumn, IReadOnlyList<string> groupBy, decimal k = 3, string output = "is_outlier") : StreamOperator
{
    /// <summary>The tested column.</summary>
    public string ValueColumn { get; } = valueColumn;

    /// <summary>The group keys.</summary>
    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    /// <summary>The threshold in standard deviations.</summary>
    public decimal K { get; } = k;

    /// <summary>The output column name.</summary>
    public string Output { get; } = output;

    /// <summary>The memory budget of the buffered input. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = input.Require(ValueColumn);
        if (input[index].Type.Kind is not (TypeKind.Int64 or TypeKind.Decimal))
        {
            throw new DataException($"Outlier flag needs an int64 or decimal column; '{ValueColumn}' is {input[index].Type}.");
        }

        if (K <= 0)
        {
            throw new DataException($"Outlier threshold must be positive, was {K}.");
        }

        var mapper = GroupBy.Count > 0 ? new KeyMapper(input, GroupBy) : null;
        var output = new Schema([.. input.Fields, new Field(Output, DataType.Bool)]);
        return new Bound(this, input, output, index, mapper, Budget ?? MemoryBudget.Default);
    }

    private sealed class Bound(OutlierFlagOperator op, Schema input, Schema output, int index, KeyMapper? mapper, MemoryBudget budget) : IBoundStreamOperator
    {
        public Schema OutputSchema => output;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // The sums grow as batches arrive, so the first pass overlaps the stages upstream. The batches wait in a
            // spool (spilling beyond the budget); the group ids of batches kept in memory are kept too when the budget
            // allows, the others are mapped again on replay (every key is known by then, so the ids are the same).
            using var spool = new BatchSpool(input, budget);
            var groupIds = new List<int[]?>();
            var items = new List<FlagItem>();
            long held = 0;
            var stats = new GroupStats();
            try
            {
                await foreach (var b in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    int[] ids;
                    try
                    {
                        ids = Accumulate(b, stats);
                    }
                    catch
                    {
                        b.Dispose();
                        throw;
                    }

                    var keep = spool.Add(b) && mapper is not null && budget.TryReserve(ids.Length * 4L);
                    held += keep ? ids.Length * 4L : 0;
                    groupIds.Add(keep ? ids : null);
                }

                stats.Ensure(mapper?.Count ?? 1);
                var (lo, hi) = Thresholds(stats.N, stats.S, stats.Q, mapper?.Count ?? 1);

                // Flagging a batch only reads the thresholds, so batches are flagged on parallel workers (in order).
                // Each batch is claimed once, by its worker or by the clean-up after an early stop, so none is released twice.
                IEnumerable<FlagItem> Replay()
                {
                    for (var bi = 0; bi < groupIds.Count; bi++)
                    {
                        var b = spool.Take(bi);
                        var ids = groupIds[bi];
                        groupIds[bi] = null;
                        if (ids is not null)
                        {
                            budget.Release(ids.Length * 4L);
                            held -= ids.Length * 4L;
                        }
                        else if (mapper is not null)
                        {
                            ids = new int[b.RowCount];
                            mapper.GetOrAdd(b, ids);
                        }

                        var item = new FlagItem(b, ids);
                        items.Add(item);
                        yield return item;
                    }
                }

                var flagged = OrderedParallel.RunAsync(
                    Replay(),
                    item =>
                    {
                        if (!item.TryClaim())
                        {
                            return null;
                        }

                        using var b = item.Batch;
                        return Flag(b, item.Ids, lo, hi);
                    },
                    Environment.ProcessorCount,
                    cancellationToken);
                await foreach (var b in flagged.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return b!;
                }
            }
            finally
            {
                foreach (var item in items)
                {
                    if (item.TryClaim())
                    {
                        item.Batch.Dispose();
                    }
                }

                budget.Release(held);
            }
        }

        private int[] Accumulate(RecordBatch b, GroupStats stats)
        {
            var ids = new int[b.RowCount];
            mapper?.GetOrAdd(b, ids);
            stats.Ensure(mapper?.Count ?? 1);
            var n = stats.N;
            var s = stats.S;
            var q = stats.Q;
            var col = (PrimitiveColumn<long>)b.Column(index);
            var values = col.Values;
            for (var i = 0; i < ids.Length; i++)
            {
                if (col.IsNull(i))
                {
                    continue;
                }

                var g = ids[i];
                var r = values[i];
                n[g]++;
                s[g] += r;
                var high = Math.BigMul(r, r, out long low);
                q[g] += new Int128((ulong)high, (ulong)low);

                // Squares are non-negative and below 2^127, so a wrap-around shows as a negative sum.
                if (q[g] < 0)
                {
                    throw new DataException($"Sum of squares of '{op.ValueColumn}' exceeds 128 bits.");
                }
            }

            return ids;
        }

        /// <summary>Per group: r is an outlier iff r &lt; lo or r &gt; hi.</summary>
        private (long[] Lo, long[] Hi) Thresholds(long[] n, Int128[] s, Int128[] q, int groups)
        {
            var (p, d) = Rational(op.K);
            var lo = new long[groups];
            var hi = new long[groups];
            for (var g = 0; g < groups; g++)
            {
                if (n[g] == 0)
                {
                    continue;
                }

                var nn = new BigInteger(n[g]);
                var ss = (BigInteger)s[g];
                var spread = (nn * (BigInteger)q[g]) - (ss * ss);
                var t = ISqrt(p * p * spread);
                hi[g] = Clamp(FloorDiv((d * ss) + t, d * nn));
                lo[g] = Clamp(-FloorDiv(t - (d * ss), d * nn));
            }

            return (lo, hi);
        }

        private RecordBatch Flag(RecordBatch b, int[]? ids, long[] lo, long[] hi)
        {
            var col = (PrimitiveColumn<long>)b.Column(index);
            var values = col.Values;
            var flags = Buffers.Rent<bool>(b.RowCount);
            for (var i = 0; i < values.Length; i++)
            {
                var g = ids is null ? 0 : ids[i];
                flags[i] = values[i] > hi[g] || values[i] < lo[g];
            }

            var cols = b.Columns.Select(c => c.Retain()).Append(new PrimitiveColumn<bool>(DataType.Bool, flags, b.RowCount, col.Validity?.Clone()));
            return new RecordBatch(output, [.. cols], b.RowCount);
        }

        private static (BigInteger P, BigInteger Q) Rational(decimal k)
        {
            var scale = k.Scale;
            var unit = BigInteger.Pow(10, scale);
            return (new BigInteger(k * Pow10.Decimal(scale)), unit);
        }

        private static BigInteger FloorDiv(BigInteger a, BigInteger b)
        {
            var quotient = BigInteger.DivRem(a, b, out var rem);
            return rem != 0 && (rem.Sign < 0) != (b.Sign < 0) ? quotient - 1 : quotient;
        }

        /// <summary>floor(sqrt(x)) for x ≥ 0: Newton's iteration from an overestimate (monotone, exact on integers).</summary>
        internal static BigInteger ISqrt(BigInteger x)
        {
            if (x.Sign <= 0)
            {
                return BigInteger.Zero;
            }

            var r = BigInteger.One << (int)((x.GetBitLength() / 2) + 1);
            while (true)
            {
                var y = (r + (x / r)) >> 1;
                if (y >= r)
                {
                    return r;
                }

                r = y;
            }
        }

        /// <summary>A batch to flag with its group ids; claimed once, by a worker or by the clean-up.</summary>
        private sealed class FlagItem(RecordBatch batch, int[]? ids)
        {
            private int _claimed;

            public RecordBatch Batch => batch;

            public int[]? Ids => ids;

            public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
        }

        /// <summary>Per group: count, sum and sum of squares of the non-null values.</summary>
        private sealed class GroupStats
        {
            public long[] N { get; private set; } = [];

            public Int128[] S { get; private set; } = [];

            public Int128[] Q { get; private set; } = [];

            public void Ensure(int groups)
            {
                if (N.Length >= groups)
                {
                    return;
                }

                var size = Math.Max(groups, N.Length * 2);
                var n = N;
                var s = S;
                var q = Q;
                Array.Resize(ref n, size);
                Array.Resize(ref s, size);
                Array.Resize(ref q, size);
                (N, S, Q) = (n, s, q);
            }
        }

        private static long Clamp(BigInteger v) => v > long.MaxValue ? long.MaxValue : v < long.MinValue ? long.MinValue : (long)v;
    }
}
