using System.Buffers;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Operators;
using Sluice.Data.Quarantine;

namespace Sluice.DataActions.Transform;

/// <summary>
/// Drops the rows where a condition is true (null counts as false: SQL three-valued logic), counting them and,
/// when a quarantine is given, recording each with the reason and the row's values. Stateless: it runs inside the
/// parallel scan, so quarantined rows carry no line number.
/// </summary>
public sealed class RejectOperator(ColumnExpr condition, string reason, string source, IQuarantineSink? quarantine) : BatchOperator
{
    private long _rejected;

    /// <summary>Rows rejected so far.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input)
    {
        var compiled = ExprCompiler.Compile(condition, input);
        if (compiled.Type.Kind != TypeKind.Bool)
        {
            throw new Sluice.Data.DataException($"A reject condition must be a bool expression; {condition} is {compiled.Type}.");
        }

        return new Bound(this, input, compiled);
    }

    private sealed class Bound(RejectOperator owner, Schema schema, CompiledExpr condition) : IBoundBatchOperator
    {
        public Schema OutputSchema => schema;

        public RecordBatch Apply(RecordBatch input)
        {
            using var flags = (PrimitiveColumn<bool>)condition.Evaluate(input);
            var values = flags.Values;
            var keep = ArrayPool<int>.Shared.Rent(Math.Max(1, input.RowCount));
            try
            {
                var kept = 0;
                for (var r = 0; r < input.RowCount; r++)
                {
                    if (values[r] && !flags.IsNull(r))
                    {
                        owner.Quarantine(input, r);
                    }
                    else
                    {
                        keep[kept++] = r;
                    }
                }

                if (kept == input.RowCount)
                {
                    return RowTally.PassOn(input);
                }

                Interlocked.Add(ref owner._rejected, input.RowCount - kept);
                using (input)
                {
                    return input.Gather(keep.AsSpan(0, kept));
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(keep);
            }
        }
    }

    private void Quarantine(RecordBatch batch, int row)
    {
        if (quarantine is null)
        {
            return;
        }

        var sb = new StringBuilder();
        for (var c = 0; c < batch.Columns.Count; c++)
        {
            sb.Append(c == 0 ? "" : ",").Append(batch.Schema[c].Name).Append('=').Append(batch.Column(c).GetValue(row));
        }

        quarantine.Add(new QuarantineRecord(source, 0, reason, sb.ToString()));
    }
}
