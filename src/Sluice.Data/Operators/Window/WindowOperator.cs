using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Window;

/// <summary>
/// Adds window function columns to an input already sorted by the partition keys, then the order keys (the
/// <c>window</c> step puts a <see cref="SortOperator"/> before it, which spills under the memory budget). Streams:
/// a partition's rows are contiguous, so the operator holds the rows of one partition (and the batches they share)
/// at a time and emits each batch as soon as every partition that touches it is complete. Null keys form their own
/// partition, as in a sort; rows whose order keys are equal are peers (they share rank, dense_rank, percent_rank and cume_dist).
/// </summary>
/// <param name="partitionBy">The partition columns; empty = one partition.</param>
/// <param name="orderBy">The order columns (the input must already be in this order within each partition).</param>
/// <param name="functions">The output columns.</param>
public sealed class WindowOperator(IReadOnlyList<string> partitionBy, IReadOnlyList<string> orderBy, IReadOnlyList<WindowFunction> functions) : StreamOperator
{
    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slots = new List<int>();
        int Slot(string name)
        {
            var index = input.Require(name);
            var slot = slots.IndexOf(index);
            if (slot < 0)
            {
                slots.Add(index);
                slot = slots.Count - 1;
            }

            return slot;
        }

        int[] partition = [.. partitionBy.Select(Slot)];
        int[] order = [.. orderBy.Select(Slot)];
        var plans = new FunctionPlan[functions.Count];
        for (var f = 0; f < functions.Count; f++)
        {
            var fn = functions[f];
            var slot = fn.Column is null ? -1 : Slot(fn.Column);
            var type = slot < 0 ? null : input[slots[slot]].Type;
            plans[f] = new FunctionPlan(fn, slot, ResultType(fn, type));
        }

        var encoders = slots.Select(i => new KeyEncoder(input[i].Type)).ToArray();
        var output = new Schema(input.Fields.Where(fld => !functions.Any(fn => fn.Output == fld.Name)).Concat(plans.Select(p => new Field(p.Function.Output, p.Type))));
        var kept = input.Fields.Select((fld, i) => (fld, i)).Where(x => !functions.Any(fn => fn.Output == x.fld.Name)).Select(x => x.i).ToArray();
        return new Bound(output, [.. slots], encoders, partition, order, plans, kept);
    }

    private static DataType ResultType(WindowFunction fn, DataType? type)
    {
        if (fn.Offset < 1 && fn.Kind is WindowKind.Ntile or WindowKind.Lag or WindowKind.Lead)
        {
            throw new DataException($"Window '{fn.Output}': the offset (or ntile's bucket count) must be 1 or more, got {fn.Offset}.");
        }

        if (fn.Preceding < 0 || fn.Following < 0)
        {
            throw new DataException($"Window '{fn.Output}': frame bounds count rows and must be 0 or more.");
        }

        switch (fn.Kind)
        {
            case WindowKind.RowNumber or WindowKind.Rank or WindowKind.DenseRank or WindowKind.Ntile or WindowKind.Count or WindowKind.CountAll:
                return DataType.Int64;
            case WindowKind.PercentRank or WindowKind.CumeDist:
                return DataType.Float64;
            case WindowKind.Sum or WindowKind.Mean:
                if (!type!.IsNumeric && type.Kind != TypeKind.Bool)
                {
                    throw new DataException($"Window {fn.Kind} of '{fn.Column}' needs numbers, got {type}.");
                }

                return fn.Kind == WindowKind.Mean ? DataType.Float64 : type.Kind == TypeKind.Bool ? DataType.Int64 : type;
            default:
                return type ?? throw new DataException($"Window '{fn.Output}' ({fn.Kind}) needs a column.");
        }
    }

    /// <summary>A function with its input slot and result type.</summary>
    internal sealed record FunctionPlan(WindowFunction Function, int Slot, DataType Type);

    /// <summary>An input batch with the codes of its key and argument columns and the window results of its rows.</summary>
    internal sealed class Pending(RecordBatch batch, long[][] codes, bool[][] nulls, int functionCount)
    {
        public RecordBatch Batch { get; } = batch;

        public long[][] Codes { get; } = codes;

        public bool[][] Nulls { get; } = nulls;

        public long[][] Results { get; } = [.. Enumerable.Range(0, functionCount).Select(_ => new long[batch.RowCount])];

        public bool[][] ResultNulls { get; } = [.. Enumerable.Range(0, functionCount).Select(_ => new bool[batch.RowCount])];
    }

    private sealed class Bound(Schema output, int[] slots, KeyEncoder[] encoders, int[] partition, int[] order, FunctionPlan[] plans, int[] kept)
        : IBoundStreamOperator
    {
        public Schema OutputSchema => output;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var queue = new List<Pending>();
            var current = new PartitionRows(slots.Length);
            Pending? previous = null;
            var previousRow = 0;
            await foreach (var batch in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (batch.RowCount == 0)
                {
                    batch.Dispose();
                    continue;
                }

                var p = Encode(batch);
                queue.Add(p);
                for (var r = 0; r < batch.RowCount; r++)
                {
                    if (previous is not null && !Same(partition, previous, previousRow, p, r))
                    {
                        PartitionComputer.Compute(current, order, plans, encoders);
                        current.Clear();
                    }

                    current.Add(p, r);
                    previous = p;
                    previousRow = r;
                }

                // Batches before the first one the open partition touches are complete.
                while (queue.Count > 0 && queue[0] != current.FirstBatch)
                {
                    yield return Emit(queue[0]);
                    queue.RemoveAt(0);
                }
            }

            if (current.Count > 0)
            {
                PartitionComputer.Compute(current, order, plans, encoders);
            }

            foreach (var p in queue)
            {
                yield return Emit(p);
            }
        }

        private Pending Encode(RecordBatch batch)
        {
            var n = batch.RowCount;
            var codes = new long[slots.Length][];
            var nulls = new bool[slots.Length][];
            for (var s = 0; s < slots.Length; s++)
            {
                var column = batch.Column(slots[s]);
                codes[s] = new long[n];
                nulls[s] = new bool[n];
                encoders[s].Encode(column, codes[s]);
                for (var i = 0; i < n; i++)
                {
                    nulls[s][i] = column.IsNull(i);
                }
            }

            return new Pending(batch, codes, nulls, plans.Length);
        }

        private static bool Same(int[] keys, Pending a, int ra, Pending b, int rb)
        {
            foreach (var k in keys)
            {
                if (a.Nulls[k][ra] != b.Nulls[k][rb] || (!a.Nulls[k][ra] && a.Codes[k][ra] != b.Codes[k][rb]))
                {
                    return false;
                }
            }

            return true;
        }

        private RecordBatch Emit(Pending p)
        {
            using var batch = p.Batch;
            var columns = new List<Column>(output.Count);
            columns.AddRange(kept.Select(i => batch.Column(i).Retain()));
            for (var f = 0; f < plans.Length; f++)
            {
                var encoder = plans[f].Function.Kind is WindowKind.Lag or WindowKind.Lead or WindowKind.Min or WindowKind.Max or WindowKind.First or WindowKind.Last
                    ? encoders[plans[f].Slot]
                    : new KeyEncoder(plans[f].Type);
                columns.Add(encoder.Decode(p.Results[f], p.ResultNulls[f]));
            }

            return new RecordBatch(output, columns, batch.RowCount);
        }
    }
}
