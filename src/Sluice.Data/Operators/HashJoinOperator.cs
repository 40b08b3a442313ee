using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// Hash join of the stream (left, probe side) with <paramref name="right"/> (build side, read completely into a hash
/// table first — put the smaller input there). Null keys never match. Output: the left columns, then the right
/// columns except its keys (a name already used gets the suffix <c>_right</c>), in left order; several matches
/// come out in right order. Right and full joins then emit the right rows nothing matched; semi and anti joins emit
/// left columns only. See <see cref="JoinKind"/>. When the right side outgrows the <see cref="Budget"/>, both sides
/// are written to <see cref="KeyPartitioner.Fanout"/> spill partitions by key hash and joined partition by partition
/// (a partition still too big is split again); the output then comes partition by partition, not in left order.
/// </summary>
/// <param name="right">The build side.</param>
/// <param name="leftKeys">Key columns of the stream.</param>
/// <param name="rightKeys">Key columns of the right side (same count and types).</param>
/// <param name="kind">The join kind. The default is inner.</param>
public sealed partial class HashJoinOperator(IBatchSource right, IReadOnlyList<string> leftKeys, IReadOnlyList<string> rightKeys, JoinKind kind = JoinKind.Inner)
    : StreamOperator
{
    /// <summary>The build side.</summary>
    public IBatchSource Right { get; } = right;

    /// <summary>Key columns of the stream.</summary>
    public IReadOnlyList<string> LeftKeys { get; } = leftKeys;

    /// <summary>Key columns of the right side.</summary>
    public IReadOnlyList<string> RightKeys { get; } = rightKeys;

    /// <summary>Join kind.</summary>
    public JoinKind Kind { get; } = kind;

    /// <summary>The memory budget of the right side. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <summary>How many times the rows were partitioned already (0 for the operator a plan creates).</summary>
    internal int SpillLevel { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rightSchema = Right.Schema;
        if (LeftKeys.Count == 0 || LeftKeys.Count != RightKeys.Count)
        {
            throw new DataException($"Join needs the same number of left and right keys (got {LeftKeys.Count} and {RightKeys.Count}).");
        }

        for (var k = 0; k < LeftKeys.Count; k++)
        {
            var lt = input[input.Require(LeftKeys[k])].Type;
            var rt = rightSchema[rightSchema.Require(RightKeys[k])].Type;
            if (lt != rt)
            {
                throw new DataException($"Join key '{LeftKeys[k]}' is {lt} but '{RightKeys[k]}' is {rt}; cast one side first.");
            }
        }

        var payload = Kind is JoinKind.Semi or JoinKind.Anti ? [] : Enumerable.Range(0, rightSchema.Count).Where(i => !RightKeys.Contains(rightSchema[i].Name)).ToArray();
        var fields = input.Fields.ToList();
        foreach (var i in payload)
        {
            var f = rightSchema[i];
            fields.Add(input.IndexOf(f.Name) >= 0 ? f with { Name = f.Name + "_right" } : f);
        }

        return new Bound(this, input, new Schema(fields), payload);
    }

    private sealed class Bound(HashJoinOperator op, Schema left, Schema output, int[] payload) : IBoundStreamOperator
    {
        public Schema OutputSchema => output;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var budget = op.Budget ?? MemoryBudget.Default;
            using var spool = new BatchSpool(op.Right.Schema, budget);
            await foreach (var rb in op.Right.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                spool.Add(rb);
            }

            var partitioned = spool.SpilledCount > 0 && op.SpillLevel < KeyPartitioner.MaxLevel
                ? PartitionedAsync(spool, input, budget, cancellationToken)
                : InMemoryAsync(spool, input, budget, cancellationToken);
            await foreach (var b in partitioned.ConfigureAwait(false))
            {
                yield return b;
            }
        }

        /// <summary>Writes both sides to key-hash partitions, then joins each pair with a join one spill level deeper.</summary>
        private async IAsyncEnumerable<RecordBatch> PartitionedAsync(BatchSpool spool, IAsyncEnumerable<RecordBatch> input, MemoryBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var rightSchema = op.Right.Schema;
            using var rights = new SpillPartitions(new KeyPartitioner(rightSchema, op.RightKeys, op.SpillLevel), rightSchema, budget);
            foreach (var rb in spool.Replay())
            {
                using (rb)
                {
                    rights.Add(rb);
                }
            }

            spool.Dispose();
            using var lefts = new SpillPartitions(new KeyPartitioner(left, op.LeftKeys, op.SpillLevel), left, budget);
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    lefts.Add(b);
                }
            }

            var keepsUnmatchedLeft = op.Kind is JoinKind.Left or JoinKind.Full or JoinKind.Anti;
            var keepsUnmatchedRight = op.Kind is JoinKind.Right or JoinKind.Full;
            for (var p = 0; p < KeyPartitioner.Fanout; p++)
            {
                using var r = rights.Take(p) ?? new BatchSpool(rightSchema, budget);
                using var l = lefts.Take(p) ?? new BatchSpool(left, budget);
                if ((l.Count == 0 && !(keepsUnmatchedRight && r.Count > 0)) || (r.Count == 0 && !keepsUnmatchedLeft))
                {
                    continue;
                }

                var next = new HashJoinOperator(new SpooledSide(rightSchema, r), op.LeftKeys, op.RightKeys, op.Kind) { Budget = budget, SpillLevel = op.SpillLevel + 1 }.Bind(left);
                await foreach (var b in next.ExecuteAsync(l.ReplayAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    yield return b;
                }
            }
        }

        private async IAsyncEnumerable<RecordBatch> InMemoryAsync(BatchSpool spool, IAsyncEnumerable<RecordBatch> input, MemoryBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var table = new Table(op.Right.Schema, spool.Replay());
            using var build = table.ToBatch();

            // Held whatever the budget says (spilling is over or not possible); counting it makes other operators spill sooner.
            var held = BatchSize.Of(build);
            budget.Reserve(held);
            try
            {
                await foreach (var b in JoinAsync(build, input, cancellationToken).ConfigureAwait(false))
                {
                    yield return b;
                }
            }
            finally
            {
                budget.Release(held);
            }
        }

        private async IAsyncEnumerable<RecordBatch> JoinAsync(RecordBatch build, IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var buildMapper = new KeyMapper(build.Schema, op.RightKeys);
            var buildIds = new int[build.RowCount];
            buildMapper.GetOrAdd(build, buildIds);

            // Chains of build rows per key, in build order: first[id] → next[row] → … (-1 ends).
            var first = new int[buildMapper.Count];
            var last = new int[buildMapper.Count];
            Array.Fill(first, -1);
            var next = new int[build.RowCount];
            for (var r = 0; r < buildIds.Length; r++)
            {
                var id = buildIds[r];
                next[r] = -1;
                if (first[id] < 0)
                {
                    first[id] = r;
                }
                else
                {
                    next[last[id]] = r;
                }

                last[id] = r;
            }

            var probeMapper = new KeyMapper(left, op.LeftKeys, buildMapper);
            var matched = op.Kind is JoinKind.Right or JoinKind.Full ? new bool[build.RowCount] : null;
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    yield return Probe(b, probeMapper, build, first, next, matched);
                }
            }

            if (matched is not null && Unmatched(build, matched) is { } rest)
            {
                yield return rest;
            }
        }

        /// <summary>The build rows no probe row matched, with null left columns except the keys, which come from the right.</summary>
        private RecordBatch? Unmatched(RecordBatch build, bool[] matched)
        {
            int[] rows = [.. Enumerable.Range(0, matched.Length).Where(r => !matched[r])];
            if (rows.Length == 0)
            {
                return null;
            }

            var cols = new Column[output.Count];
            for (var c = 0; c < left.Count; c++)
            {
                var key = op.LeftKeys.ToList().IndexOf(left[c].Name);
                cols[c] = key >= 0
                    ? build.Column(build.Schema.Require(op.RightKeys[key])).Gather(rows)
                    : ColumnFactory.Create(left[c].Type, new object?[rows.Length]);
            }

            for (var p = 0; p < payload.Length; p++)
            {
                cols[left.Count + p] = build.Column(payload[p]).Gather(rows);
            }

            return new RecordBatch(output, cols, rows.Length);
        }

        private RecordBatch Probe(RecordBatch b, KeyMapper mapper, RecordBatch build, int[] first, int[] next, bool[]? matched)
        {
            var n = b.RowCount;
            var ids = Buffers.Rent<int>(n);
            var leftRows = new List<int>(n);
            var rightRows = new List<int>(n);
            try
            {
                mapper.Find(b, ids);
                for (var i = 0; i < n; i++)
                {
                    var id = ids[i];
                    var r = id >= 0 && id < first.Length ? first[id] : -1;
                    if (op.Kind is JoinKind.Semi or JoinKind.Anti)
                    {
                        if ((r >= 0) == (op.Kind == JoinKind.Semi))
                        {
                            leftRows.Add(i);
                        }

                        continue;
                    }

                    if (r < 0)
                    {
                        if (op.Kind is JoinKind.Left or JoinKind.Full)
                        {
                            leftRows.Add(i);
                            rightRows.Add(-1);
                        }

                        continue;
                    }

                    for (; r >= 0; r = next[r])
                    {
                        leftRows.Add(i);
                        rightRows.Add(r);
                        if (matched is not null)
                        {
                            matched[r] = true;
                        }
                    }
                }
            }
            finally
            {
                Buffers.Return(ids);
            }

            var l = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(leftRows);
            var rr = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rightRows);
            var cols = new Column[output.Count];
            var allLeft = l.Length == n;
            for (var i = 0; allLeft && i < n; i++)
            {
                allLeft = l[i] == i;
            }

            for (var c = 0; c < left.Count; c++)
            {
                cols[c] = allLeft ? b.Column(c).Retain() : b.Column(c).Gather(l);
            }

            for (var p = 0; p < payload.Length; p++)
            {
                cols[left.Count + p] = build.Column(payload[p]).Gather(rr);
            }

            return new RecordBatch(output, cols, l.Length);
        }
    }
}
