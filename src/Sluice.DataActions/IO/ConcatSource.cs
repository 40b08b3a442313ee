using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.DataActions.IO;

/// <summary>
/// The batches of several sources of one schema, one source after the other (opened lazily, so only one file is open
/// at a time); with no sources, an empty dataset of <see cref="Schema"/>.
/// </summary>
/// <param name="schema">The schema every source has.</param>
/// <param name="sources">Opens each source in turn.</param>
internal sealed class ConcatSource(Schema schema, IReadOnlyList<Func<IBatchSource>> sources) : IBatchSource
{
    public Schema Schema { get; } = schema;

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var open in sources)
        {
            var source = open();
            await foreach (var batch in source.ReadAsync(transform, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }
}
