using Sluice.Data.Batches;

namespace Sluice.Data.Execution;

/// <summary>A stateless, thread-safe per-batch function. It takes ownership of its input and returns a new batch.</summary>
public delegate RecordBatch BatchTransform(RecordBatch input);
