using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Keeps one row per distinct key (nulls compare equal to each other), the first or last in input order; output keeps
/// input order. Input order is the order of the incoming stream, which parallel stages preserve. Keeping the last
/// row holds the input in a spool under <see cref="Budget"/> (spilling to disk beyond it) plus 8 bytes per distinct key.
/// </summary>
/// <param name="keys">The key columns.</param>
/// <param name="keep">Which duplicate survives. The default is <see cref="DedupeKeep.First"/>.</param>
public sealed class DedupeOperator(IReadOnlyList<string> keys, DedupeKeep keep = DedupeKeep.First) : StreamOperator
{
    /// <summary>The key columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>Which duplicate survives.</summary>
    public DedupeKeep Keep { get; } = keep;

    /// <summary>The memory budget of the input buffered by <see cref="DedupeKeep.Last"/>. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Keys.Count == 0)
        {
            throw new DataException("Dedupe needs at least one key column.");
        }

        return new Bound(input, new KeyMapper(input, Keys), Keep, Budget ?? MemoryBudget.Default);
    }

    private sealed class Bound(Schema schema, KeyMapper mapper, DedupeKeep keep, MemoryBudget budget) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (keep == DedupeKeep.Last)
            {
                await foreach (var b in KeepLastAsync(input, cancellationToken).ConfigureAwait(false))
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

        /// <summary>
        /// Two passes: the first maps every row to its key id and remembers the last (batch, row) of each id while the
        /// batches go to a spool (spilling beyond the budget); the second replays them and keeps the remembered rows.
        /// Key ids of batches kept in memory are kept too; those of spilled batches are mapped again on replay (every
        /// key is known by then, so the ids are the same).
        /// </summary>
        private async IAsyncEnumerable<RecordBatch> KeepLastAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var spool = new BatchSpool(schema, budget);
            using var state = new LastRows(budget);
            var ids = new List<int[]?>();
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var rowIds = new int[b.RowCount];
                try
                {
                    mapper.GetOrAdd(b, rowIds);
                }
                catch
                {
                    b.Dispose();
                    throw;
                }

                state.Record(ids.Count, rowIds, mapper.Count);
                var keep = spool.Add(b) && state.TryHold(rowIds.Length);
                ids.Add(keep ? rowIds : null);
            }

            for (var bi = 0; bi < ids.Count; bi++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var b = spool.Take(bi);
                var rowIds = ids[bi];
                if (rowIds is null)
                {
                    rowIds = new int[b.RowCount];
                    mapper.GetOrAdd(b, rowIds);
                }
                else
                {
                    state.Unhold(rowIds.Length);
                }

                ids[bi] = null;
                var rows = Buffers.Rent<int>(rowIds.Length);
                try
                {
                    var kept = state.Select(bi, rowIds, rows);
                    yield return kept == rowIds.Length ? b.Share() : b.Gather(rows.AsSpan(0, kept));
                }
                finally
                {
                    Buffers.Return(rows);
                }
            }
        }
    }
}
