using Sluice.Data.Batches;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>The input column indexes of each aggregate (-1: none): the first argument and, for two-column aggregates, the second.</summary>
internal sealed class AggregateInputs(int[] first, int[] second)
{
    /// <summary>Feeds one batch to every accumulator.</summary>
    public void Update(Accumulator[] accumulators, RecordBatch batch, ReadOnlySpan<int> groups, int groupCount)
    {
        for (var a = 0; a < accumulators.Length; a++)
        {
            var column = first[a] < 0 ? null : batch.Column(first[a]);
            if (second[a] < 0)
            {
                accumulators[a].Update(column, groups, groupCount);
            }
            else
            {
                accumulators[a].Update(column, batch.Column(second[a]), groups, groupCount);
            }
        }
    }
}
