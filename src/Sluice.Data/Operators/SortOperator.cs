using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Sorting;

namespace Sluice.Data.Operators;

/// <summary>
/// Sorts all rows by several keys; stable (equal keys keep input order). Strings compare by ordinal UTF-8 bytes,
/// never by locale. Needs the whole input: while it fits <see cref="Budget"/> it is sorted in memory and emitted as
/// one batch; beyond, it is an external merge sort (sorted runs spill to disk, then a k-way merge emits batches of
/// 8192 rows) with the same order.
/// </summary>
/// <param name="keys">The sort keys, most significant first.</param>
public sealed class SortOperator(IReadOnlyList<SortKey> keys) : StreamOperator
{
    /// <summary>The sort keys.</summary>
    public IReadOnlyList<SortKey> Keys { get; } = keys;

    /// <summary>The memory budget of the buffered input. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = Keys.Select(k => input.Require(k.Column)).ToArray();
        var keys = new SortKeys(columns, [.. Keys.Select(k => k.Descending)]);
        return new Bound(input, keys, Budget ?? MemoryBudget.Default);
    }

    private sealed class Bound(Schema schema, SortKeys keys, MemoryBudget budget) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var sorter = new ExternalSorter(schema, keys, budget);
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                sorter.Add(b);
            }

            if (!sorter.Spilled)
            {
                yield return sorter.SortInMemory();
                yield break;
            }

            foreach (var chunk in sorter.Merge(cancellationToken))
            {
                yield return chunk;
            }
        }
    }
}
