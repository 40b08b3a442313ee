using Sluice.Data.Batches;
using Sluice.Data.Operators;

namespace Sluice.Streaming.Steps;

/// <summary>A stateless step of the batch vocabulary, run as the data engine's own bound operator.</summary>
internal sealed class EngineStep(IBoundBatchOperator bound) : IStreamStep
{
    public Schema Output => bound.OutputSchema;

    public RecordBatch Apply(RecordBatch batch, StreamClock clock) => bound.Apply(batch);
}
