using System.Runtime.CompilerServices;
using Sluice.Data.Batches;

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
            object?[]? current = null;
            var taken = 0;
            var keep = new List<int>();
            await foreach (var batch in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                keep.Clear();
                for (var r = 0; r < batch.RowCount; r++)
                {
                    if (current is null || !SameGroup(batch, r, current))
                    {
                        current = [.. keys.Select(k => batch.Columns[k].GetValue(r))];
                        taken = 0;
                    }

                    if (taken++ < count)
                    {
                        keep.Add(r);
                    }
                }

                using (batch)
                {
                    if (keep.Count > 0)
                    {
                        yield return batch.Gather([.. keep]);
                    }
                }
            }
        }

        private bool SameGroup(RecordBatch batch, int row, object?[] group)
        {
            for (var k = 0; k < keys.Length; k++)
            {
                if (!Equals(batch.Columns[keys[k]].GetValue(row), group[k]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
