using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

public sealed partial class HashAggregateOperator
{
    /// <summary>One execution: the groups in memory, and the spill partitions once the budget refused more groups.</summary>
    private sealed class Bound : IBoundStreamOperator, IDisposable
    {
        /// <summary>The rows seen before deciding whether batch partials pay (a few batches).</summary>
        private const long RawCheckRows = 1 << 16;

        private readonly HashAggregateOperator _op;
        private readonly AggregateInputs _inputs;
        private readonly Schema _inputSchema;
        private readonly MemoryBudget _budget;

        // What a group costs beyond its accumulators' values: its key row and null mask on a page, two slots of the
        // half-full table, and about two words per accumulator (a sum and a count, a value and a flag).
        private readonly long _groupBytes;
        private KeyMapper? _mapper;
        private Accumulator[]? _accumulators;
        private long _reserved;
        private SpillPartitions? _spill;
        // Read by the parallel workers: once set, they split batches for the radix partitions.
        private volatile RadixPartitions? _radix;
        private int _groupCount;

        // Read by the parallel workers: once set, they hand batches back raw instead of aggregating them (spilling
        // began, or the partials hardly reduce the rows, as with nearly unique keys, so they are work done twice).
        private volatile bool _raw;

        public Bound(HashAggregateOperator op, Schema output, KeyMapper? mapper, AggregateInputs inputs, Accumulator[] accumulators, Schema inputSchema)
        {
            _op = op;
            OutputSchema = output;
            _mapper = mapper;
            _inputs = inputs;
            _accumulators = accumulators;
            _inputSchema = inputSchema;
            _budget = op.Budget ?? MemoryBudget.Default;
            _groupBytes = (8L * (op.Keys.Count + 1)) + 16 + (16L * accumulators.Length);
        }

        public Schema OutputSchema { get; }

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var accumulators = _accumulators ?? throw new InvalidOperationException("A bound aggregation runs once.");
            try
            {
                _groupCount = Environment.ProcessorCount > 1 && accumulators.All(a => a.CreatePartial() is not null)
                    ? await MergePartialsAsync(input, accumulators, cancellationToken).ConfigureAwait(false)
                    : await AggregateAsync(input, accumulators, cancellationToken).ConfigureAwait(false);
                await foreach (var b in EmitAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return b;
                }
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>Aggregates one more batch on the caller's thread (a radix partition's input); the caller keeps the batch.</summary>
        internal void AddBatch(RecordBatch batch) => _groupCount = Add(batch, _accumulators!, _groupCount);

        /// <summary>
        /// The groups held (none when radix partitions took every row), then each spill partition's, then each radix
        /// partition's; everything is released as it is emitted.
        /// </summary>
        internal async IAsyncEnumerable<RecordBatch> EmitAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                var radix = _radix;
                if (radix is null || _groupCount > 0)
                {
                    var result = Result(_groupCount, _accumulators!);

                    // The groups are in the result now; let them go before the partitions build theirs.
                    _mapper = null;
                    _accumulators = null;
                    ReleaseReservation();
                    yield return result;
                }
                else
                {
                    _mapper = null;
                    _accumulators = null;
                }

                if (_spill is { } spill)
                {
                    for (var p = 0; p < KeyPartitioner.Fanout; p++)
                    {
                        using var spool = spill.Take(p);
                        if (spool is null || spool.Count == 0)
                        {
                            continue;
                        }

                        var next = new HashAggregateOperator(_op.Keys, _op.Aggregates) { Budget = _budget, SpillLevel = _op.SpillLevel + 1 }.Bind(_inputSchema);
                        await foreach (var b in next.ExecuteAsync(spool.ReplayAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
                        {
                            yield return b;
                        }
                    }
                }

                if (radix is not null)
                {
                    await foreach (var b in radix.ResultsAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return b;
                    }
                }
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>Releases the reservation and deletes the spill and radix partitions not emitted yet (an execution abandoned midway).</summary>
        public void Dispose()
        {
            ReleaseReservation();
            _spill?.Dispose();
            _spill = null;
            _radix?.Dispose();
            _radix = null;
        }

        private async Task<int> AggregateAsync(IAsyncEnumerable<RecordBatch> input, Accumulator[] accumulators, CancellationToken cancellationToken)
        {
            var groupCount = _mapper is null ? 1 : 0;
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    groupCount = Add(b, accumulators, groupCount);
                }
            }

            return groupCount;
        }

        /// <summary>
        /// Aggregates batches on parallel workers and folds the partials in input order; returns the group count. The
        /// first batches (<see cref="RawCheckRows"/> rows) are held until their partials show whether they reduce the
        /// rows: when they have more than half as many groups as rows (many groups), folding would only hash every key
        /// a second time on one thread, so every batch goes to <see cref="RadixPartitions"/> instead, aggregated on
        /// all cores. Once the groups outgrow the budget the workers stop aggregating, and each batch (also those
        /// whose partial was computed already) goes through <see cref="Add"/>, which spills the rows of new keys. When
        /// the partials stop reducing the rows later on, the batches go through <see cref="Add"/> from then on as well.
        /// </summary>
        private async Task<int> MergePartialsAsync(IAsyncEnumerable<RecordBatch> input, Accumulator[] accumulators, CancellationToken cancellationToken)
        {
            var groupCount = _mapper is null ? 1 : 0;
            long rows = 0, partialGroups = 0;
            List<Item>? held = _mapper is not null && _op.SpillLevel < KeyPartitioner.MaxLevel ? [] : null;
            var items = OrderedParallel.RunAsync(input, b => Work(b, accumulators), Environment.ProcessorCount, cancellationToken);
            try
            {
                await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (held is not null)
                    {
                        held.Add(item);
                        rows += item.Batch!.RowCount;
                        partialGroups += item.Partial?.GroupCount ?? item.Batch.RowCount;
                        if (rows < RawCheckRows)
                        {
                            continue;
                        }

                        if (partialGroups * 2 > rows)
                        {
                            _radix = new RadixPartitions(_op, _inputSchema, _budget);
                            _op.RadixPartitioned = true;
                        }

                        var first = held;
                        held = null;
                        (rows, partialGroups) = (0, 0);
                        foreach (var h in first)
                        {
                            groupCount = await FoldAsync(h, accumulators, groupCount, cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }

                    groupCount = await FoldAsync(item, accumulators, groupCount, cancellationToken).ConfigureAwait(false);
                }

                // Fewer rows than the check needs: they are folded as they are.
                foreach (var h in held ?? [])
                {
                    groupCount = await FoldAsync(h, accumulators, groupCount, cancellationToken).ConfigureAwait(false);
                }

                held = null;
                if (_radix is { } radix)
                {
                    await radix.CompleteAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var h in held ?? [])
                {
                    h.Dispose();
                }
            }

            return groupCount;

            async ValueTask<int> FoldAsync(Item item, Accumulator[] accumulators, int groupCount, CancellationToken cancellationToken)
            {
                using (item)
                {
                    if (_radix is { } radix)
                    {
                        await radix.AddAsync(item.Parts ?? radix.Split(item.Batch!), cancellationToken).ConfigureAwait(false);
                        return groupCount;
                    }

                    var (b, p) = (item.Batch!, item.Partial);
                    if (p is null || _spill is not null)
                    {
                        return Add(b, accumulators, groupCount);
                    }

                    var map = new int[p.GroupCount];
                    if (_mapper is not null)
                    {
                        _mapper.GetOrAdd(p.Keys, p.GroupCount, map);
                        groupCount = _mapper.Count;
                    }

                    for (var a = 0; a < accumulators.Length; a++)
                    {
                        accumulators[a].Merge(p.Accumulators[a], map, groupCount);
                    }

                    Reserve(groupCount);
                    rows += b.RowCount;
                    partialGroups += p.GroupCount;
                    if (rows >= RawCheckRows && partialGroups * 2 > rows)
                    {
                        _raw = true;
                    }

                    return groupCount;
                }
            }
        }

        /// <summary>A worker's share of one batch: its key-hash split once radix partitions aggregate, else its partial (unless raw).</summary>
        private Item Work(RecordBatch batch, Accumulator[] accumulators)
        {
            if (_radix is { } radix)
            {
                return new Item(null, null, radix.Split(batch));
            }

            return new Item(batch.Share(), _raw ? null : PartialAggregate.Compute(batch, _inputSchema, _op.Keys, _inputs, accumulators));
        }

        /// <summary>Aggregates one batch; once spilling, only its rows whose key is held already, the others go to the partitions.</summary>
        private int Add(RecordBatch b, Accumulator[] accumulators, int groupCount)
        {
            var n = b.RowCount;
            var ids = Buffers.Rent<int>(n);
            try
            {
                if (_mapper is null)
                {
                    ids.AsSpan(0, n).Clear();
                    _inputs.Update(accumulators, b, ids.AsSpan(0, n), groupCount);
                    return groupCount;
                }

                if (_spill is null)
                {
                    _mapper.GetOrAdd(b, ids);
                    groupCount = _mapper.Count;
                    _inputs.Update(accumulators, b, ids.AsSpan(0, n), groupCount);
                    Reserve(groupCount);
                    return groupCount;
                }

                _mapper.FindGroups(b, ids);
                var held = 0;
                for (var i = 0; i < n; i++)
                {
                    held += ids[i] >= 0 ? 1 : 0;
                }

                if (held == n)
                {
                    _inputs.Update(accumulators, b, ids.AsSpan(0, n), groupCount);
                    return groupCount;
                }

                var heldRows = new int[held];
                var heldIds = new int[held];
                var newRows = new int[n - held];
                for (int i = 0, h = 0, r = 0; i < n; i++)
                {
                    if (ids[i] >= 0)
                    {
                        heldIds[h] = ids[i];
                        heldRows[h++] = i;
                    }
                    else
                    {
                        newRows[r++] = i;
                    }
                }

                if (held > 0)
                {
                    using var part = b.Gather(heldRows);
                    _inputs.Update(accumulators, part, heldIds, groupCount);
                }

                _spill.Add(b, newRows);
                return groupCount;
            }
            finally
            {
                Buffers.Return(ids);
            }
        }

        /// <summary>Reserves memory for <paramref name="groupCount"/> groups; when the budget refuses, starts spilling new keys.</summary>
        private void Reserve(int groupCount)
        {
            var more = (groupCount * _groupBytes) - _reserved;
            if (more <= 0)
            {
                return;
            }

            if (!_budget.TryReserve(more))
            {
                // The groups are held either way; counting them makes other operators spill sooner.
                _budget.Reserve(more);
                if (_op.SpillLevel < KeyPartitioner.MaxLevel)
                {
                    _spill = new SpillPartitions(new KeyPartitioner(_inputSchema, _op.Keys, _op.SpillLevel), _inputSchema, _budget);
                    _raw = true;
                }
            }

            _reserved += more;
        }

        private void ReleaseReservation()
        {
            _budget.Release(_reserved);
            _reserved = 0;
        }

        /// <summary>
        /// A worker's result: its partial and the batch itself (shared, as the worker's input is released after the
        /// work), which is aggregated again row by row when spilling began in the meantime; or, for radix partitions,
        /// the batch split by key hash.
        /// </summary>
        private sealed class Item(RecordBatch? batch, PartialAggregate? partial, RecordBatch?[]? parts = null) : IDisposable
        {
            public RecordBatch? Batch => batch;

            public PartialAggregate? Partial => partial;

            public RecordBatch?[]? Parts => parts;

            public void Dispose()
            {
                batch?.Dispose();
                partial?.Dispose();
                foreach (var part in parts ?? [])
                {
                    part?.Dispose();
                }
            }
        }

        private RecordBatch Result(int groupCount, Accumulator[] accumulators)
        {
            var cols = new List<Column>();
            if (_mapper is not null)
            {
                cols.AddRange(_mapper.DecodeKeys());
            }

            cols.AddRange(accumulators.Select(a => a.Finish(groupCount)));
            return new RecordBatch(OutputSchema, cols, groupCount);
        }
    }
}
