using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// The aggregate of one batch, computed on a worker thread with its own key table and accumulators, then folded into
/// the operator's totals in input order. Merging batch partials in order keeps the first-seen group order, and every
/// accumulator that offers partials merges exactly.
/// </summary>
internal sealed class PartialAggregate : IDisposable
{
    private PartialAggregate(Column[] keys, Accumulator[] accumulators, int groupCount)
    {
        Keys = keys;
        Accumulators = accumulators;
        GroupCount = groupCount;
    }

    /// <summary>The distinct keys of the batch in first-seen order, one column per key (empty without keys).</summary>
    public Column[] Keys { get; }

    public Accumulator[] Accumulators { get; }

    public int GroupCount { get; }

    /// <summary>Aggregates one batch; <paramref name="templates"/> must all return a partial (see <see cref="Accumulator.CreatePartial"/>).</summary>
    public static PartialAggregate Compute(RecordBatch batch, Schema schema, IReadOnlyList<string> keys, AggregateInputs inputs, Accumulator[] templates)
    {
        var mapper = keys.Count > 0 ? new KeyMapper(schema, keys) : null;
        var accumulators = new Accumulator[templates.Length];
        for (var a = 0; a < templates.Length; a++)
        {
            accumulators[a] = templates[a].CreatePartial()!;
        }

        var n = batch.RowCount;
        var ids = Buffers.Rent<int>(n);
        try
        {
            var groupCount = 1;
            if (mapper is null)
            {
                ids.AsSpan(0, n).Clear();
            }
            else
            {
                mapper.GetOrAdd(batch, ids);
                groupCount = mapper.Count;
            }

            inputs.Update(accumulators, batch, ids.AsSpan(0, n), groupCount);

            return new PartialAggregate(mapper?.DecodeKeys() ?? [], accumulators, groupCount);
        }
        finally
        {
            Buffers.Return(ids);
        }
    }

    public void Dispose()
    {
        foreach (var k in Keys)
        {
            k.Dispose();
        }
    }
}
