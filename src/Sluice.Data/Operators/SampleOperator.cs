using System.Runtime.CompilerServices;
using Sluice.Data.Anomalies;
using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>
/// A seeded random sample, the same rows for the same input and seed: each row kept with probability
/// <see cref="Fraction"/> (Bernoulli, streaming), or exactly <see cref="Count"/> rows chosen uniformly (reservoir
/// sampling; holds the sample, emits it in input order). Give one of the two.
/// </summary>
/// <param name="seed">The random seed.</param>
public sealed class SampleOperator(ulong seed) : StreamOperator
{
    /// <summary>The random seed.</summary>
    public ulong Seed { get; } = seed;

    /// <summary>The share of rows to keep, from 0 to 1 (null when sampling a count).</summary>
    public double? Fraction { get; init; }

    /// <summary>The number of rows to keep (null when sampling a fraction).</summary>
    public int? Count { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((Fraction is null) == (Count is null) || Fraction is < 0 or > 1 || Count < 0)
        {
            throw new DataException("sample needs either a fraction from 0 to 1 or a count of 0 or more rows.");
        }

        return new Bound(input, this);
    }

    private sealed class Bound(Schema schema, SampleOperator op) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var random = new Xoshiro256StarStar(op.Seed);
            if (op.Fraction is { } fraction)
            {
                var keep = new List<int>();
                await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    using (b)
                    {
                        keep.Clear();
                        for (var r = 0; r < b.RowCount; r++)
                        {
                            if (random.NextDouble() < fraction)
                            {
                                keep.Add(r);
                            }
                        }

                        yield return b.Gather(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keep));
                    }
                }

                yield break;
            }

            // Algorithm R over (batch, row) positions; the kept batches are gathered at the end in input order.
            var n = op.Count!.Value;
            var chosen = new List<(int Batch, int Row)>(n);
            var batches = new List<RecordBatch>();
            long seen = 0;
            try
            {
                await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    batches.Add(b);
                    for (var r = 0; r < b.RowCount; r++, seen++)
                    {
                        if (chosen.Count < n)
                        {
                            chosen.Add((batches.Count - 1, r));
                        }
                        else if ((long)(random.NextDouble() * (seen + 1)) is var j && j < n)
                        {
                            chosen[(int)j] = (batches.Count - 1, r);
                        }
                    }

                    // Drop batches no chosen row points into any more, so memory stays near the sample's size.
                    var live = chosen.Select(static c => c.Batch).ToHashSet();
                    for (var i = 0; i < batches.Count; i++)
                    {
                        if (batches[i] is { } old && !live.Contains(i))
                        {
                            old.Dispose();
                            batches[i] = null!;
                        }
                    }
                }

                foreach (var group in chosen.Order().GroupBy(static c => c.Batch))
                {
                    yield return batches[group.Key].Gather([.. group.Select(static c => c.Row)]);
                }
            }
            finally
            {
                foreach (var b in batches)
                {
                    b?.Dispose();
                }
            }
        }
    }
}
