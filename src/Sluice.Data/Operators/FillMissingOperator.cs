using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators;

/// <summary>
/// Replaces nulls in one column. A constant streams; mean, median and mode need every value first, so the operator
/// computes the statistic as batches arrive while it holds them in a spool under <see cref="Budget"/> (batches beyond
/// the budget spill to disk), then streams the filled batches in input order. State that cannot spill: an exact
/// median keeps 8 bytes per non-null value, a mode one counter per distinct value.
/// </summary>
/// <param name="column">The column to fill.</param>
/// <param name="strategy">What to fill with.</param>
public sealed class FillMissingOperator(string column, FillStrategy strategy) : StreamOperator
{
    /// <summary>The column.</summary>
    public string Column { get; } = column;

    /// <summary>The strategy.</summary>
    public FillStrategy Strategy { get; } = strategy;

    /// <summary>The memory budget of the buffered input. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <summary>The value used by the last execution (null until it ran, or when there was nothing to compute from).</summary>
    public object? LastFillValue { get; private set; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = input.Require(Column);
        var type = input[index].Type;
        if (Strategy.Kind is FillKind.Mean or FillKind.Median && !type.IsNumeric && type.Kind is not (TypeKind.Date or TypeKind.Timestamp))
        {
            throw new DataException($"Cannot fill '{Column}' ({type}) with the {Strategy.Kind.ToString().ToLowerInvariant()}.");
        }

        return new Bound(this, input, index);
    }

    private sealed class Bound(FillMissingOperator op, Schema schema, int index) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (op.Strategy.Kind == FillKind.Constant)
            {
                op.LastFillValue = op.Strategy.Value;
                var fill = Filler(op.Strategy.Value);
                await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return Fill(b, fill);
                }

                yield break;
            }

            var budget = op.Budget ?? MemoryBudget.Default;
            using var spool = new BatchSpool(schema, budget);
            object? value;
            using (var statistic = new FillStatistic(op.Strategy, schema, index, budget))
            {
                await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        statistic.Add(b);
                    }
                    catch
                    {
                        b.Dispose();
                        throw;
                    }

                    spool.Add(b);
                }

                value = statistic.Result();
            }

            op.LastFillValue = value;
            var filler = value is null ? null : Filler(value);
            foreach (var b in spool.Replay())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return filler is null ? b : Fill(b, filler);
            }
        }

        private CompiledExpr Filler(object? value)
        {
            var type = schema[index].Type;
            return ExprCompiler.Compile(ColumnExprs.Coalesce(ColumnExprs.Col(schema[index].Name), new LiteralExpr(value, type)), schema);
        }

        private RecordBatch Fill(RecordBatch b, CompiledExpr filler)
        {
            using (b)
            {
                if (b.Column(index).Validity is null)
                {
                    return StreamHelpers.Replace(b, index, schema[index], b.Column(index).Retain());
                }

                return StreamHelpers.Replace(b, index, schema[index], filler.Evaluate(b));
            }
        }
    }
}
