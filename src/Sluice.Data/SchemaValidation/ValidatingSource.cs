using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.Data.SchemaValidation;

/// <summary>Validates each batch of an inner source in order (the validator is stateful) and yields its valid rows.</summary>
internal sealed class ValidatingSource(IBatchSource inner, SchemaValidator validator) : IBatchSource
{
    public Schema Schema => inner.Schema;

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in inner.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            RecordBatch valid;
            using (batch)
            {
                valid = validator.Validate(batch);
            }

            yield return transform is null ? valid : transform(valid);
        }
    }
}
