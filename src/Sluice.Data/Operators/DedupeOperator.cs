using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Keeps one row per distinct key (nulls compare equal to each other), the first or last in input order; output keeps
/// input order. Input order is the order of the incoming stream, which parallel stages preserve.
/// </summary>
/// <param name="keys">The key columns.</param>
/// <param name="keep">Which duplicate survives. The default is <see cref="DedupeKeep.First"/>.</param>
public sealed class DedupeOperator(IReadOnlyList<string> keys, DedupeKeep keep = DedupeKeep.First) : StreamOperator
{
    /// <summary>The key columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>Which duplicate survives.</summary>
    public DedupeKeep Keep { get; } = keep;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Keys.Count == 0)
        {
            throw new DataException("Dedupe needs at least one key column.");
        }

        return new Bound(input, new KeyMapper(input, Keys), Keep);
    }

    private sealed class Bound(Schema schema, KeyMapper mapper, DedupeKeep keep) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (keep == DedupeKeep.Last)
            {
                foreach (var b in await KeepLastAsync(input, cancellationToken).ConfigureAwait(false))
                {
                    yield return b;
                }

                yield break;
            }

            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    var n = b.RowCount;
                    var ids = Buffers.Rent<int>(n);
                    try
                    {
                        var next = mapper.Count;
                        mapper.GetOrAdd(b, ids);
                        var kept = 0;
                        for (var i = 0; i < n; i++)
                        {
                            // Ids are dense and handed out in row order, so a row is a first occurrence exactly when
                            // its id is the next unseen one.
                            if (ids[i] == next)
                            {
                                ids[kept++] = i;
                                next++;
                            }
                        }

                        yield return kept == n ? b.Share() : b.Gather(ids.AsSpan(0, kept));
                    }
                    finally
                    {
                        Buffers.Return(ids);
                    }
                }
            }
        }

        private async Task<List<RecordBatch>> KeepLastAsync(IAsyncEnumerable<RecordBatch> input, CancellationToken cancellationToken)
        {
            var batches = await StreamHelpers.BufferAsync(input, cancellationToken).ConfigureAwait(false);
            var ids = new int[batches.Count][];
            var last = new List<(int Batch, int Row)>();
            for (var bi = 0; bi < batches.Count; bi++)
            {
                ids[bi] = new int[batches[bi].RowCount];
                mapper.GetOrAdd(batches[bi], ids[bi]);
                for (var r = 0; r < ids[bi].Length; r++)
                {
                    var id = ids[bi][r];
                    if (id == last.Count)
                    {
                        last.Add((bi, r));
                    }
                    else
                    {
                        last[id] = (bi, r);
                    }
                }
            }

            var output = new List<RecordBatch>(batches.Count);
            for (var bi = 0; bi < batches.Count; bi++)
            {
                var rows = new List<int>();
                for (var r = 0; r < ids[bi].Length; r++)
                {
                    if (last[ids[bi][r]] == (bi, r))
                    {
                        rows.Add(r);
                    }
                }

                output.Add(batches[bi].Gather(rows.ToArray()));
                batches[bi].Dispose();
            }

            return output;
        }
    }
}
