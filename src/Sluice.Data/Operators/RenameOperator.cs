using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>Renames columns (old → new); order and data are unchanged.</summary>
/// <param name="renames">Old name → new name.</param>
public sealed class RenameOperator(IReadOnlyDictionary<string, string> renames) : BatchOperator
{
    /// <summary>Old name → new name.</summary>
    public IReadOnlyDictionary<string, string> Renames { get; } = renames;

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var old in Renames.Keys)
        {
            input.Require(old);
        }

        var output = new Schema(input.Fields.Select(f => Renames.TryGetValue(f.Name, out var n) ? f with { Name = n } : f));
        return new Bound(output);
    }

    private sealed class Bound(Schema output) : IBoundBatchOperator
    {
        public Schema OutputSchema => output;

        public RecordBatch Apply(RecordBatch input)
        {
            using (input)
            {
                return new RecordBatch(output, [.. input.Columns.Select(c => c.Retain())], input.RowCount);
            }
        }
    }
}
