using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

public sealed partial class HashAggregateOperator
{
    /// <summary>
    /// Parallel aggregation of many groups: the workers split each batch by key hash into
    /// <see cref="KeyPartitioner.Fanout"/> partitions, and each partition is aggregated by its own operator one
    /// <see cref="SpillLevel"/> deeper (its own key table and accumulators, and its own spilling under the budget).
    /// A key lives in exactly one partition, so the partitions' groups are the answer as they are: nothing is merged,
    /// and each table is a sixteenth of the size, which keeps more of it in cache. Partitions run on the thread pool,
    /// several at once; within a partition the parts are aggregated in input order (each is chained after the
    /// previous one of the same partition), so results do not depend on thread timing.
    /// </summary>
    private sealed class RadixPartitions : IDisposable
    {
        // Parts queued and not yet aggregated, across partitions: the producer waits beyond this (backpressure).
        private const int MaxQueuedParts = KeyPartitioner.Fanout * 4;

        private readonly KeyPartitioner _partitioner;
        private readonly Bound[] _partitions;
        private readonly Task[] _tails;
        private readonly SemaphoreSlim _room = new(MaxQueuedParts);

        public RadixPartitions(HashAggregateOperator op, Schema inputSchema, MemoryBudget budget)
        {
            _partitioner = new KeyPartitioner(inputSchema, op.Keys, op.SpillLevel);
            _partitions = new Bound[KeyPartitioner.Fanout];
            _tails = new Task[KeyPartitioner.Fanout];
            for (var p = 0; p < _partitions.Length; p++)
            {
                _partitions[p] = (Bound)new HashAggregateOperator(op.Keys, op.Aggregates) { Budget = budget, SpillLevel = op.SpillLevel + 1 }.Bind(inputSchema);
                _tails[p] = Task.CompletedTask;
            }
        }

        /// <summary>Splits a batch by key hash; thread-safe (the partitioner keeps no state between batches).</summary>
        public RecordBatch?[] Split(RecordBatch batch) => _partitioner.Split(batch);

        /// <summary>Queues each part after the previous part of its partition; takes ownership of the parts.</summary>
        public async Task AddAsync(RecordBatch?[] parts, CancellationToken cancellationToken)
        {
            var p = 0;
            try
            {
                for (; p < parts.Length; p++)
                {
                    if (parts[p] is not { } part)
                    {
                        continue;
                    }

                    await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
                    parts[p] = null;
                    _tails[p] = _tails[p].ContinueWith(
                        static (previous, state) =>
                        {
                            var (partition, part, room) = ((Bound, RecordBatch, SemaphoreSlim))state!;
                            try
                            {
                                // A failed part fails every later part of its partition, and the aggregation with them.
                                previous.GetAwaiter().GetResult();
                                partition.AddBatch(part);
                            }
                            finally
                            {
                                part.Dispose();
                                room.Release();
                            }
                        },
                        (_partitions[p], part, _room),
                        CancellationToken.None,
                        TaskContinuationOptions.None,
                        TaskScheduler.Default);
                }
            }
            finally
            {
                for (; p < parts.Length; p++)
                {
                    parts[p]?.Dispose();
                }
            }
        }

        /// <summary>Waits until every queued part is aggregated; rethrows the first failure.</summary>
        public Task CompleteAsync() => Task.WhenAll(_tails);

        /// <summary>Each partition's groups (then its spilled partitions'), partition by partition; each is released once emitted.</summary>
        public async IAsyncEnumerable<RecordBatch> ResultsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var p = 0; p < _partitions.Length; p++)
            {
                await foreach (var batch in _partitions[p].EmitAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return batch;
                }
            }
        }

        public void Dispose()
        {
            try
            {
                // Parts still queued (an abandoned execution) must finish before their partitions go.
                Task.WaitAll(_tails);
            }
            catch (AggregateException)
            {
                // Failures were reported through CompleteAsync, or nobody is listening any more.
            }

            foreach (var partition in _partitions)
            {
                partition.Dispose();
            }

            _room.Dispose();
        }
    }
}
