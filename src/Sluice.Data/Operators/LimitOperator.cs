using System.Runtime.CompilerServices;
using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>Passes the first <paramref name="count"/> rows and stops reading.</summary>
/// <param name="count">How many rows.</param>
public sealed class LimitOperator(long count) : StreamOperator
{
    /// <summary>How many rows pass.</summary>
    public long Count { get; } = count;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input) => new Bound(input, Count);

    private sealed class Bound(Schema schema, long count) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var left = count;
            if (left <= 0)
            {
                yield break;
            }

            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (b.RowCount <= left)
                {
                    left -= b.RowCount;
                    yield return b;
                }
                else
                {
                    using (b)
                    {
                        yield return b.Gather([.. Enumerable.Range(0, (int)left)]);
                    }

                    left = 0;
                }

                if (left == 0)
                {
                    yield break;
                }
            }
        }
    }
}
