using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>
/// Keeps the first <paramref name="count"/> rows of each group of an input sorted by the group keys (a group's rows are
/// contiguous), streaming: the <c>top_n</c> step sorts by the keys and the ranking order, then keeps the head of each
/// group. Null keys form their own group, as in a sort.
/// </summary>
/// <param name="groupKeys">The group columns; empty keeps the first rows of the whole input.</param>
/// <param name="count">Rows kept per group (1 or more).</param>
public sealed class FirstPerGroupOperator(IReadOnlyList<string> groupKeys, int count) : StreamOperator
{
    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (count < 1)
        {
            throw new DataException($"top_n: n must be 1 or more, got {count}.");
        }

        int[] keys = [.. groupKeys.Select(k => input.IndexOf(k) is var i and >= 0 ? i : throw new DataException($"top_n: no column '{k}'."))];
        return new Bound(input, keys, count);
    }

    private sealed class Bound(Schema schema, int[] keys, int count) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // The group of the previous row is compared in place; across batches, against a one-row copy of the last row.
            RecordBatch? previous = null;
            var taken = 0;
            try
            {
                await foreach (var batch in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    var n = batch.RowCount;
                    var keep = Buffers.Rent<int>(n);
                    var kept = 0;
                    try
                    {
                        for (var r = 0; r < n; r++)
                        {
                            var same = r > 0 ? SameGroup(batch, r, batch, r - 1) : previous is not null && SameGroup(batch, r, previous, 0);
                            taken = same ? taken + 1 : 1;
                            if (taken <= count)
                            {
                                keep[kept++] = r;
                            }
                        }

                        if (n > 0)
                        {
                            previous?.Dispose();
                            previous = batch.Gather([n - 1]);
                        }

                        using (batch)
                        {
                            if (kept > 0)
                            {
                                yield return kept == n ? batch.Share() : batch.Gather(keep.AsSpan(0, kept));
                            }
                        }
                    }
                    finally
                    {
                        Buffers.Return(keep);
                    }
                }
            }
            finally
            {
                previous?.Dispose();
            }
        }

        private bool SameGroup(RecordBatch a, int i, RecordBatch b, int j)
        {
            foreach (var k in keys)
            {
                if (ValueComparer.Compare(a.Columns[k], i, b.Columns[k], j) != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
