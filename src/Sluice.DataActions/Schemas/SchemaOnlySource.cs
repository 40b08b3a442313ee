using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.DataActions.Schemas;

/// <summary>A source with a schema and no rows: operators bind to it (checking columns and types) and nothing is read.</summary>
internal sealed class SchemaOnlySource(Schema schema) : IBatchSource
{
    public Schema Schema { get; } = schema;

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}
