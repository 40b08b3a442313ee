using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Csv;
using Sluice.Data.Operators;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Execution;

/// <summary>
/// An immutable chain of operators over a source, configured by data (column names, expressions, keys).
/// When read, the planner fuses each run of stateless operators into one per-batch function: the run right after a
/// parallel source (a CSV file) executes inside the source's parse workers, later runs on an ordered parallel map.
/// Stateful operators consume the stream in order. Every stage is bounded; operators that must see everything (sort,
/// fill with a statistic, outlier flags, dedupe keeping the last row) hold their input under a <see cref="MemoryBudget"/>
/// and spill to disk beyond it, so memory does not grow with the input.
/// </summary>
public sealed partial class DataFlow : IBatchSource
{
    private readonly IBatchSource _source;
    private readonly ImmutableArray<object> _operators;

    private DataFlow(IBatchSource source, ImmutableArray<object> operators, int degree)
    {
        _source = source;
        _operators = operators;
        MaxDegreeOfParallelism = degree;
    }

    /// <summary>Worker threads for parallel stages after stateful operators. The default is <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>A flow reading <paramref name="source"/>.</summary>
    public static DataFlow From(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new DataFlow(source, [], Environment.ProcessorCount);
    }

    /// <summary>A flow reading a CSV file (see <see cref="CsvSource.Open"/>).</summary>
    public static DataFlow ReadCsv(string path, CsvReadOptions? options = null, IQuarantineSink? quarantine = null) =>
        From(CsvSource.Open(path, options, quarantine));

    /// <summary>Sets the parallelism of later parallel stages.</summary>
    public DataFlow WithParallelism(int degree) => new(_source, _operators, Math.Max(1, degree));

    /// <summary>Appends a stateless operator.</summary>
    public DataFlow Then(BatchOperator op) => new(_source, _operators.Add(op ?? throw new ArgumentNullException(nameof(op))), MaxDegreeOfParallelism);

    /// <summary>Appends a stateful operator.</summary>
    public DataFlow Then(StreamOperator op) => new(_source, _operators.Add(op ?? throw new ArgumentNullException(nameof(op))), MaxDegreeOfParallelism);

    /// <summary>The output schema (binding checks every operator; errors name the bad column or type).</summary>
    public Schema Schema => Bind().Output;

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (stages, _) = Bind();
        var pending = new List<IBoundBatchOperator>();
        IAsyncEnumerable<RecordBatch>? stream = null;
        foreach (var stage in stages)
        {
            if (stage is IBoundBatchOperator b)
            {
                pending.Add(b);
                continue;
            }

            stream = Flush(stream, pending, cancellationToken);
            stream = ((IBoundStreamOperator)stage).ExecuteAsync(stream, cancellationToken);
            if (MaxDegreeOfParallelism > 1)
            {
                stream = Prefetch.RunAsync(stream, 4, cancellationToken);
            }
        }

        if (transform is not null)
        {
            pending.Add(new DelegateOperator(transform));
        }

        stream = Flush(stream, pending, cancellationToken);
        await foreach (var batch in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private IAsyncEnumerable<RecordBatch> Flush(IAsyncEnumerable<RecordBatch>? stream, List<IBoundBatchOperator> pending, CancellationToken cancellationToken)
    {
        var fused = Fuse([.. pending]);
        pending.Clear();
        if (stream is null)
        {
            return _source.ReadAsync(fused, cancellationToken);
        }

        if (fused is null)
        {
            return stream;
        }

        return MaxDegreeOfParallelism > 1
            ? OrderedParallel.RunAsync(stream, b => fused(b), MaxDegreeOfParallelism, cancellationToken)
            : MapAsync(stream, fused, cancellationToken);
    }

    private static async IAsyncEnumerable<RecordBatch> MapAsync(IAsyncEnumerable<RecordBatch> stream, BatchTransform f, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var b in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            RecordBatch result;
            try
            {
                result = f(b);
            }
            catch
            {
                b.Dispose();
                throw;
            }

            if (!ReferenceEquals(result, b))
            {
                b.Dispose();
            }

            yield return result;
        }
    }

    /// <summary>
    /// One function for a run of stateless operators. The caller owns the input batch; batches made in between
    /// are released here. An operator may return its input unchanged (the same object), so ownership is
    /// decided by reference.
    /// </summary>
    private static BatchTransform? Fuse(IBoundBatchOperator[] ops) => ops.Length == 0 ? null : input =>
    {
        var current = input;
        foreach (var op in ops)
        {
            var next = op.Apply(current);
            if (!ReferenceEquals(current, input) && !ReferenceEquals(next, current))
            {
                current.Dispose();
            }

            current = next;
        }

        return current;
    };

    private (List<object> Stages, Schema Output) Bind()
    {
        var schema = _source.Schema;
        var stages = new List<object>(_operators.Length);
        foreach (var op in _operators)
        {
            if (op is BatchOperator b)
            {
                var bound = b.Bind(schema);
                stages.Add(bound);
                schema = bound.OutputSchema;
            }
            else
            {
                var bound = ((StreamOperator)op).Bind(schema);
                stages.Add(bound);
                schema = bound.OutputSchema;
            }
        }

        return (stages, schema);
    }

    private sealed class DelegateOperator(BatchTransform transform) : IBoundBatchOperator
    {
        public Schema OutputSchema => throw new NotSupportedException();

        public RecordBatch Apply(RecordBatch input) => transform(input);
    }
}
