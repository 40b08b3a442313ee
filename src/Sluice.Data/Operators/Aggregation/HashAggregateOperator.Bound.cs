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

        /// <summary>
        /// Aggregates batch by batch on this thread. With several cores, the first <see cref="RawCheckRows"/> rows also
        /// decide whether the rest is aggregated in <see cref="RadixPartitions"/> (see <see cref="SwitchToRadixAsync"/>).
        /// </summary>
        private async Task<int> AggregateAsync(IAsyncEnumerable<RecordBatch> input, Accumulator[] accumulators, CancellationToken cancellationToken)
        {
            var groupCount = _mapper is null ? 1 : 0;
            List<RecordBatch>? kept = CanRadix ? [] : null;
            long seen = 0;
            var e = input.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await e.MoveNextAsync().ConfigureAwait(false))
                {
                    using (var b = e.Current)
                    {
                        groupCount = Add(b, accumulators, groupCount);
                        if (kept is null)
                        {
                            continue;
                        }

                        kept.Add(b.Share());
                        seen += b.RowCount;
                    }

                    if (seen < RawCheckRows)
                    {
                        continue;
                    }

                    var switched = await SwitchToRadixAsync(kept, seen, cancellationToken).ConfigureAwait(false);
                    kept = null;
                    if (switched)
                    {
                        var radix = _radix!;
                        var parts = OrderedParallel.RunAsync(Rest(e), b => new Item(null, null, radix.Split(b)), Environment.ProcessorCount, cancellationToken);
                        await foreach (var item in parts.WithCancellation(cancellationToken).ConfigureAwait(false))
                        {
                            using (item)
                            {
                                await radix.AddAsync(item.Parts!, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        await radix.CompleteAsync().ConfigureAwait(false);
                        return 0;
                    }
                }

                return groupCount;
            }
            finally
            {
                foreach (var b in kept ?? [])
                {
                    b.Dispose();
                }

                await e.DisposeAsync().ConfigureAwait(false);
            }

            static async IAsyncEnumerable<RecordBatch> Rest(IAsyncEnumerator<RecordBatch> e)
            {
                while (await e.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return e.Current;
                }
            }
        }

        /// <summary>Radix partitions pay with keys, several cores, and a spill level left for the partitions.</summary>
        private bool CanRadix => _mapper is not null && Environment.ProcessorCount > 1 && _op.SpillLevel < KeyPartitioner.MaxLevel;

        /// <summary>
        /// After the first rows (aggregated as usual, their batches <paramref name="kept"/>): when they made more than half
        /// as many groups as rows and nothing spilled, the groups so far are dropped and the kept batches, like every
        /// later one, go to <see cref="RadixPartitions"/>. Takes ownership of <paramref name="kept"/>.
        /// </summary>
        /// <returns>True when the aggregation continues in radix partitions.</returns>
        private async ValueTask<bool> SwitchToRadixAsync(List<RecordBatch> kept, long seen, CancellationToken cancellationToken)
        {
            try
            {
                if (_spill is not null || _mapper!.Count * 2 <= seen)
                {
                    return false;
                }

                _radix = new RadixPartitions(_op, _inputSchema, _budget);
                _op.RadixPartitioned = true;
                _mapper = null;
                _accumulators = null;
                ReleaseReservation();
                foreach (var b in kept)
                {
                    await _radix.AddAsync(_radix.Split(b), cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            finally
            {
                foreach (var b in kept)
                {
                    b.Dispose();
                }
            }
        }

        /// <summary>
        /// Aggregates batches on parallel workers and folds the partials in input order; returns the group count. With
        /// several cores, the first <see cref="RawCheckRows"/> rows also decide whether the rest is aggregated in
        /// <see cref="RadixPartitions"/> (many groups: folding would hash every key a second time on one thread). Once
        /// the groups outgrow the budget the workers stop aggregating, and each batch (also those whose partial was
        /// computed already) goes through <see cref="Add"/>, which spills the rows of new keys. When the partials stop
        /// reducing the rows later on (more than half as many groups as rows), the batches go through <see cref="Add"/>
        /// from then on as well.
        /// </summary>
        private async Task<int> MergePartialsAsync(IAsyncEnumerable<RecordBatch> input, Accumulator[] accumulators, CancellationToken cancellationToken)
        {
            var groupCount = _mapper is null ? 1 : 0;
            long rows = 0, partialGroups = 0, seen = 0;
            List<RecordBatch>? kept = CanRadix ? [] : null;
            var items = OrderedParallel.RunAsync(input, b => Work(b, accumulators), Environment.ProcessorCount, cancellationToken);
            try
            {
                await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (kept is not null)
                    {
                        kept.Add(item.Batch!.Share());
                        seen += item.Batch.RowCount;
                    }

                    groupCount = await FoldAsync(item, accumulators, groupCount, cancellationToken).ConfigureAwait(false);
                    if (kept is not null && seen >= RawCheckRows)
                    {
                        var first = kept;
                        kept = null;
                        await SwitchToRadixAsync(first, seen, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (_radix is { } radix)
                {
                    await radix.CompleteAsync().ConfigureAwait(false);
                    return 0;
                }
            }
            finally
            {
                foreach (var b in kept ?? [])
                {
                    b.Dispose();
                }
            }

            return groupCount;

            async ValueTask<int> FoldAsync(Item item, Accumulator[] accumulators, int groupCount, CancellationToken cancellationToken)
            {
                using (item)
                {
                    if (_radix is { } radix)
                    {
                        // Computed before the switch (a partial) or after it (the split already done by the worker).
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
