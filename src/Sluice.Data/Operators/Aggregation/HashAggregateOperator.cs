using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// Groups by key columns (nulls form their own group) and computes aggregates. Output: one batch with the key
/// columns then the aggregates, one row per group in first-seen order (sort it if order matters). With no keys
/// there is exactly one output row. When the groups outgrow the <see cref="Budget"/>, the groups already held keep
/// aggregating in memory and the rows of new keys are written to <see cref="KeyPartitioner.Fanout"/> spill
/// partitions by key hash, each aggregated afterwards on its own (and split again if it is still too big); the
/// output is then the groups held in memory, then each partition's groups, and no longer in first-seen order.
/// On several cores, when the first batches show many groups (more than half as many as rows), the rows are split
/// by key hash into partitions aggregated in parallel, and the output is likewise partition by partition.
/// </summary>
/// <param name="keys">The group key columns (may be empty).</param>
/// <param name="aggregates">The aggregates.</param>
public sealed partial class HashAggregateOperator(IReadOnlyList<string> keys, IReadOnlyList<AggregateFunction> aggregates) : StreamOperator
{
    /// <summary>The group key columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>The aggregates.</summary>
    public IReadOnlyList<AggregateFunction> Aggregates { get; } = aggregates;

    /// <summary>The memory budget of the groups. The default (null) is <see cref="MemoryBudget.Default"/>.</summary>
    public MemoryBudget? Budget { get; init; }

    /// <summary>How many times the rows were partitioned already (0 for the operator a plan creates).</summary>
    internal int SpillLevel { get; init; }

    /// <summary>True once an execution aggregated its groups in radix partitions on several cores (for tests).</summary>
    internal bool RadixPartitioned { get; private set; }

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
        return new Bound(this, new Schema(fields), mapper, new AggregateInputs(inputs, seconds), accumulators, input);
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
}
