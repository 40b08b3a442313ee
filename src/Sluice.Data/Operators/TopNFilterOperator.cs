using System.Numerics;
using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Drops, before the sort of a <c>top_n</c> step, the rows that can no longer be among the first <paramref name="count"/>
/// of their group: per group it keeps the best <paramref name="count"/> ranking values seen so far and passes a row only
/// when fewer have been seen or the row ranks strictly better than the worst of them. A dropped row has
/// <paramref name="count"/> rows before it in the stable order (better, or equal and earlier) and always will, so the
/// sort and <see cref="FirstPerGroupOperator"/> that follow give exactly the rows they would give on the whole input,
/// from a fraction of it (about n·ln(rows per group) rows per group for input in random order). Rows whose ranking value
/// is null or NaN always pass: their place in the order is left to the sort.
/// </summary>
/// <param name="groupKeys">The group columns; empty ranks the whole input as one group.</param>
/// <param name="orderColumn">The one ranking column (int64, decimal, timestamp, date or float64).</param>
/// <param name="descending">True when the largest values rank first.</param>
/// <param name="count">Rows kept per group (1 or more).</param>
public sealed class TopNFilterOperator(IReadOnlyList<string> groupKeys, string orderColumn, bool descending, int count) : StreamOperator
{
    /// <summary>True when the filter applies to a ranking column of this type.</summary>
    /// <param name="type">The ranking column's type.</param>
    /// <returns>Whether <see cref="TopNFilterOperator"/> can rank by it.</returns>
    public static bool CanRank(DataType type) =>
        type?.Kind is TypeKind.Int64 or TypeKind.Decimal or TypeKind.Timestamp or TypeKind.Date or TypeKind.Float64;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (count < 1)
        {
            throw new DataException($"top_n: n must be 1 or more, got {count}.");
        }

        var order = input.Require(orderColumn);
        if (!CanRank(input[order].Type))
        {
            throw new DataException($"top_n: the prefilter cannot rank by '{orderColumn}' of type {input[order].Type}.");
        }

        return new Bound(input, groupKeys.Count > 0 ? new KeyMapper(input, groupKeys) : null, order, descending, count);
    }

    private sealed class Bound(Schema schema, KeyMapper? mapper, int order, bool descending, int count) : IBoundStreamOperator
    {
        private double[] _doubles = [];
        private long[] _longs = [];
        private int[] _filled = [];

        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var batch in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    var kept = Filter(batch);
                    if (kept is not null)
                    {
                        yield return kept;
                    }
                }
            }
        }

        /// <summary>The passing rows of a batch (the batch itself shared when all pass), or null when none do.</summary>
        private RecordBatch? Filter(RecordBatch batch)
        {
            var n = batch.RowCount;
            var ids = Buffers.Rent<int>(n);
            var rows = Buffers.Rent<int>(n);
            try
            {
                int groups;
                if (mapper is null)
                {
                    ids.AsSpan(0, n).Clear();
                    groups = 1;
                }
                else
                {
                    mapper.GetOrAdd(batch, ids);
                    groups = mapper.Count;
                }

                if (_filled.Length < groups)
                {
                    var size = Math.Max(groups, _filled.Length * 2);
                    Array.Resize(ref _filled, size);
                }

                var column = batch.Column(order);
                var kept = column switch
                {
                    PrimitiveColumn<double> d => Pass(d.Values, column, ids.AsSpan(0, n), rows, ref _doubles, groups),
                    PrimitiveColumn<long> l => Pass(l.Values, column, ids.AsSpan(0, n), rows, ref _longs, groups),
                    PrimitiveColumn<int> i => PassInts(i.Values, column, ids.AsSpan(0, n), rows, groups),
                    _ => throw new DataException($"top_n: cannot rank by a {column.Type} column."),
                };

                return kept == n ? batch.Share() : kept == 0 ? null : batch.Gather(rows.AsSpan(0, kept));
            }
            finally
            {
                Buffers.Return(ids);
                Buffers.Return(rows);
            }
        }

        private int PassInts(ReadOnlySpan<int> values, Column column, ReadOnlySpan<int> ids, int[] rows, int groups)
        {
            var widened = Buffers.Rent<long>(values.Length);
            try
            {
                for (var i = 0; i < values.Length; i++)
                {
                    widened[i] = values[i];
                }

                return Pass<long>(widened.AsSpan(0, values.Length), column, ids, rows, ref _longs, groups);
            }
            finally
            {
                Buffers.Return(widened);
            }
        }

        private int Pass<T>(ReadOnlySpan<T> values, Column column, ReadOnlySpan<int> ids, int[] rows, ref T[] best, int groups)
            where T : unmanaged, INumber<T>
        {
            if (best.Length < groups * count)
            {
                Array.Resize(ref best, Math.Max(groups * count, best.Length * 2));
            }

            var filled = _filled;
            var hasNulls = column.NullCount > 0;
            var kept = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];

                // The sort places nulls and NaN itself; passing them is always safe.
                if ((hasNulls && column.IsNull(i)) || T.IsNaN(v))
                {
                    rows[kept++] = i;
                    continue;
                }

                var g = ids[i];
                var slots = best.AsSpan(g * count, count);
                var n = filled[g];
                if (n == count && !Better(v, slots[count - 1]))
                {
                    continue;
                }

                // Insert after every value that ranks better or equally: among equals the earlier row ranks first.
                var at = n == count ? count - 1 : n;
                while (at > 0 && Better(v, slots[at - 1]))
                {
                    slots[at] = slots[at - 1];
                    at--;
                }

                slots[at] = v;
                if (n < count)
                {
                    filled[g] = n + 1;
                }

                rows[kept++] = i;
            }

            return kept;
        }

        private bool Better<T>(T a, T b)
            where T : INumber<T> => descending ? a > b : a < b;
    }
}
