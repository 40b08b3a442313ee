using System.Runtime.CompilerServices;
using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>
/// Sorts all rows by several keys; stable (equal keys keep input order). Strings compare by ordinal UTF-8 bytes,
/// never by locale. Needs the whole input; emits one batch.
/// </summary>
/// <param name="keys">The sort keys, most significant first.</param>
public sealed class SortOperator(IReadOnlyList<SortKey> keys) : StreamOperator
{
    /// <summary>The sort keys.</summary>
    public IReadOnlyList<SortKey> Keys { get; } = keys;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = Keys.Select(k => input.Require(k.Column)).ToArray();
        return new Bound(input, columns, [.. Keys.Select(k => k.Descending)]);
    }

    private sealed class Bound(Schema schema, int[] columns, bool[] descending) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var table = await Table.FromAsync(schema, input, cancellationToken).ConfigureAwait(false);
            using var all = table.ToBatch();
            var order = Enumerable.Range(0, all.RowCount).ToArray();
            var keyCols = columns.Select(all.Column).ToArray();
            Array.Sort(order, (a, b) =>
            {
                for (var k = 0; k < keyCols.Length; k++)
                {
                    var c = ValueComparer.Compare(keyCols[k], a, keyCols[k], b);
                    if (c != 0)
                    {
                        return descending[k] ? -c : c;
                    }
                }

                return a.CompareTo(b);
            });
            yield return all.Gather(order);
        }
    }
}
