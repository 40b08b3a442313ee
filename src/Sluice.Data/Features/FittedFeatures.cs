using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.Data.Features;

/// <summary>Feature transformations with their statistics fixed. Lag and rolling keep state across batches: apply to one stream, in order.</summary>
public sealed class FittedFeatures
{
    private readonly FeatureStep[] _steps;

    internal FittedFeatures(Schema input, FeatureStep[] steps)
    {
        _steps = steps;
        var fields = input.Fields.ToList();
        foreach (var f in steps.SelectMany(static s => s.Fields))
        {
            // A feature named like an input column (or an earlier feature) gets a numeric suffix instead of failing.
            var name = f.Name;
            for (var i = 2; fields.Exists(x => x.Name == name); i++)
            {
                name = $"{f.Name}_{i}";
            }

            fields.Add(f with { Name = name });
        }

        OutputSchema = new Schema(fields);
    }

    /// <summary>The input columns followed by the feature columns.</summary>
    public Schema OutputSchema { get; }

    /// <summary>The feature column names, in order.</summary>
    public IEnumerable<string> FeatureNames => OutputSchema.Fields.Skip(OutputSchema.Count - _steps.Sum(static s => s.Fields.Count)).Select(static f => f.Name);

    /// <summary>Appends the features to one batch (the caller disposes both).</summary>
    public RecordBatch Transform(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columns = new List<Column>(OutputSchema.Count);
        columns.AddRange(batch.Columns.Select(static c => c.Retain()));
        foreach (var step in _steps)
        {
            var key = step.Spec.Key is { } k ? batch.Column(k) : null;
            step.Transform(batch.Column(step.Spec.Column), key, columns);
        }

        return new RecordBatch(OutputSchema, columns, batch.RowCount);
    }

    /// <summary>A source that appends the features to each batch of <paramref name="source"/>, in order.</summary>
    public IBatchSource Transform(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Transformed(source, this);
    }

    private sealed class Transformed(IBatchSource inner, FittedFeatures features) : IBatchSource
    {
        public Schema Schema => features.OutputSchema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var batch in inner.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                RecordBatch result;
                using (batch)
                {
                    result = features.Transform(batch);
                }

                yield return transform is null ? result : transform(result);
            }
        }
    }
}
