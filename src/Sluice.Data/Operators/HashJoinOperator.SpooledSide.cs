using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators;

public sealed partial class HashJoinOperator
{
    /// <summary>One spilled partition of the right side, read once as the build side of a partition's join.</summary>
    private sealed class SpooledSide(Schema schema, BatchSpool spool) : IBatchSource
    {
        public Schema Schema => schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var b in spool.ReplayAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return transform is null ? b : transform(b);
            }
        }
    }
}
