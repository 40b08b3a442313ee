using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>Per-group state of one aggregate, grown as groups appear.</summary>
internal abstract class Accumulator(DataType resultType)
{
    public DataType ResultType { get; } = resultType;

    /// <summary>Adds the rows of a batch; <paramref name="groups"/> holds the group id of each row.</summary>
    public abstract void Update(Column? column, ReadOnlySpan<int> groups, int groupCount);

    /// <summary>Adds the rows of a batch for aggregates of two columns (<paramref name="second"/> is null for the others).</summary>
    public virtual void Update(Column? column, Column? second, ReadOnlySpan<int> groups, int groupCount) => Update(column, groups, groupCount);

    public abstract Column Finish(int groupCount);

    /// <summary>
    /// An empty accumulator of the same aggregate for a partial result over part of the input, or null when partial
    /// states cannot be merged into exactly the result of one pass (float sums, medians, distinct strings).
    /// </summary>
    public virtual Accumulator? CreatePartial() => null;

    /// <summary>
    /// Folds in a partial made by <see cref="CreatePartial"/> over later input; <paramref name="map"/> gives this
    /// accumulator's group for each of the partial's groups.
    /// </summary>
    public virtual void Merge(Accumulator partial, ReadOnlySpan<int> map, int groupCount) =>
        throw new NotSupportedException($"{GetType().Name} cannot merge partial results.");

    protected static void Ensure<T>(ref T[] array, int groupCount, T initial)
    {
        if (array.Length >= groupCount)
        {
            return;
        }

        var old = array.Length;
        Array.Resize(ref array, Math.Max(groupCount, old * 2));
        array.AsSpan(old).Fill(initial);
    }

    /// <summary>The value of a long-backed row (Int64, Decimal, Timestamp, Date, Bool).</summary>
    protected static long LongAt(Column c, int i) => c switch
    {
        PrimitiveColumn<long> l => l.Values[i],
        PrimitiveColumn<int> d => d.Values[i],
        PrimitiveColumn<bool> b => b.Values[i] ? 1 : 0,
        _ => throw new DataException($"Expected a numeric column, got {c.Type}."),
    };

    /// <summary>The value of a numeric row as a double (decimals divided by their scale).</summary>
    protected static double DoubleAt(Column c, int i) => c switch
    {
        PrimitiveColumn<double> d => d.Values[i],
        PrimitiveColumn<long> l when c.Type.Kind == Batches.TypeKind.Decimal => (double)l.Values[i] / Pow10.Int64(c.Type.Scale),
        _ => LongAt(c, i),
    };

    protected static PrimitiveColumn<T> Build<T>(DataType type, T[] values, bool[]? isNull, int n)
        where T : unmanaged
    {
        var valid = isNull is null ? default : isNull.AsSpan(0, n).ToArray().Select(x => !x).ToArray();
        return PrimitiveColumn<T>.Create(type, values.AsSpan(0, n), valid);
    }
}
