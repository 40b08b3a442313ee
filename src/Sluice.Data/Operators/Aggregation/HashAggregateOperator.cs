using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// Groups by key columns (nulls form their own group) and computes aggregates. Output: one batch with the key
/// columns then the aggregates, one row per group in first-seen order (sort it if order matters). With no keys
/// there is exactly one output row.
/// </summary>
/// <param name="keys">The group key columns (may be empty).</param>
/// <param name="aggregates">The aggregates.</param>
public sealed class HashAggregateOperator(IReadOnlyList<string> keys, IReadOnlyList<AggregateFunction> aggregates) : StreamOperator
{
    /// <summary>The group key columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>The aggregates.</summary>
    public IReadOnlyList<AggregateFunction> Aggregates { get; } = aggregates;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = new int[Aggregates.Count];
        var seconds = new int[Aggregates.Count];
        var accumulators = new Accumulator[Aggregates.Count];
        for (var a = 0; a < Aggregates.Count; a++)
        {
            var f = Aggregates[a];
            inputs[a] = f.Kind == AggregateKind.CountAll ? -1 : input.Require(f.Column ?? throw new DataException($"Aggregate '{f.Output}' needs a column."));
            seconds[a] = AggregateFunction.TakesTwoColumns(f.Kind)
                ? input.Require(f.Second ?? throw new DataException($"Aggregate '{f.Output}' ({f.Kind}) needs a second column."))
                : -1;
            accumulators[a] = Create(f, inputs[a] < 0 ? null : input[inputs[a]].Type, seconds[a] < 0 ? null : input[seconds[a]].Type);
        }

        var mapper = Keys.Count > 0 ? new KeyMapper(input, Keys) : null;
        var fields = (mapper?.KeyFields ?? []).Concat(Aggregates.Select((f, a) => new Field(f.Output, accumulators[a].ResultType)));
        return new Bound(new Schema(fields), mapper, new AggregateInputs(inputs, seconds), accumulators, input, Keys);
    }

    private static Accumulator Create(AggregateFunction f, DataType? type, DataType? second)
    {
        switch (f.Kind)
        {
            case AggregateKind.QuantileCont or AggregateKind.QuantileDisc:
                if (f.Fraction is not (>= 0 and <= 1))
                {
                    throw new DataException($"Aggregate '{f.Output}': the quantile fraction must be from 0 to 1, got {f.Fraction}.");
                }

                if (f.Kind == AggregateKind.QuantileCont || type!.Kind is not (TypeKind.Date or TypeKind.Timestamp))
                {
                    RequireNumeric(f, type!);
                }

                return new QuantileAccumulator(f.Kind, f.Fraction, type!);
            case AggregateKind.Mode:
                return new ModeAccumulator(new KeyEncoder(type!));
            case AggregateKind.Corr or AggregateKind.CovarPop or AggregateKind.CovarSamp or AggregateKind.RegrSlope or AggregateKind.RegrIntercept or AggregateKind.RegrR2:
                RequireNumeric(f, type!);
                RequireNumeric(f with { Column = f.Second }, second!);
                return new CovarianceAccumulator(f.Kind);
            case AggregateKind.ArgMax or AggregateKind.ArgMin:
                return new ArgAccumulator(f.Kind, new KeyEncoder(type!), new KeyEncoder(second!));
            case AggregateKind.StringAgg:
                if (type!.Kind != TypeKind.String)
                {
                    throw new DataException($"Aggregate StringAgg of '{f.Column}' needs strings, got {type}; convert it first, e.g. string_agg(str({f.Column}), ',').");
                }

                return new StringAggAccumulator(f.Separator);
            case AggregateKind.AnyValue:
                return new ValueAccumulator(f.Kind, new KeyEncoder(type!));
            case AggregateKind.CountAll or AggregateKind.Count:
                return new CountAccumulator(f.Kind == AggregateKind.CountAll);
            case AggregateKind.Min or AggregateKind.Max or AggregateKind.First or AggregateKind.Last or AggregateKind.CountDistinct:
                return new ValueAccumulator(f.Kind, new KeyEncoder(type!));
            case AggregateKind.Median:
                RequireNumeric(f, type!);
                return new MedianAccumulator(type!, f.Rounding);
            default:
                RequireNumeric(f, type!);
                return type!.Kind == TypeKind.Float64 ? new FloatAccumulator(f.Kind) : new ExactAccumulator(f.Kind, type);
        }
    }

    private static void RequireNumeric(AggregateFunction f, DataType type)
    {
        if (!type.IsNumeric && type.Kind != TypeKind.Bool)
        {
            throw new DataException($"Aggregate {f.Kind} of '{f.Column}' needs numbers, got {type}.");
        }
    }

    private sealed class Bound(Schema output, KeyMapper? mapper, AggregateInputs inputs, Accumulator[] accumulators, Schema inputSchema, IReadOnlyList<string> keys)
        : IBoundStreamOperator
    {
        public Schema OutputSchema => output;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var groupCount = mapper is null ? 1 : 0;
            if (Environment.ProcessorCount > 1 && accumulators.All(a => a.CreatePartial() is not null))
            {
                groupCount = await MergePartialsAsync(input, cancellationToken).ConfigureAwait(false);
                yield return Result(groupCount);
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
                        if (mapper is null)
                        {
                            ids.AsSpan(0, n).Clear();
                        }
                        else
                        {
                            mapper.GetOrAdd(b, ids);
                            groupCount = mapper.Count;
                        }

                        inputs.Update(accumulators, b, ids.AsSpan(0, n), groupCount);
                    }
                    finally
                    {
                        Buffers.Return(ids);
                    }
                }
            }

            yield return Result(groupCount);
        }

        /// <summary>Aggregates batches on parallel workers and folds the partials in input order; returns the group count.</summary>
        private async Task<int> MergePartialsAsync(IAsyncEnumerable<RecordBatch> input, CancellationToken cancellationToken)
        {
            var groupCount = mapper is null ? 1 : 0;
            var partials = OrderedParallel.RunAsync(
                input,
                b => PartialAggregate.Compute(b, inputSchema, keys, inputs, accumulators),
                Environment.ProcessorCount,
                cancellationToken);
            await foreach (var p in partials.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (p)
                {
                    var map = new int[p.GroupCount];
                    if (mapper is not null)
                    {
                        mapper.GetOrAdd(p.Keys, p.GroupCount, map);
                        groupCount = mapper.Count;
                    }

                    for (var a = 0; a < accumulators.Length; a++)
                    {
                        accumulators[a].Merge(p.Accumulators[a], map, groupCount);
                    }
                }
            }

            return groupCount;
        }

        private RecordBatch Result(int groupCount)
        {
            var cols = new List<Column>();
            if (mapper is not null)
            {
                cols.AddRange(mapper.DecodeKeys());
            }

            cols.AddRange(accumulators.Select(a => a.Finish(groupCount)));
            return new RecordBatch(output, cols, groupCount);
        }
    }
}
