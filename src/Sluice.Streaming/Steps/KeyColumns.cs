using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Steps;

/// <summary>Key columns of a step's input, found by name once, read per batch as <see cref="StreamKey"/>s.</summary>
internal sealed class KeyColumns
{
    private readonly int[] _indexes;

    /// <summary>Finds <paramref name="names"/> in <paramref name="schema"/> (empty: every column).</summary>
    /// <exception cref="SluiceException">A name is not a column; the message lists the columns.</exception>
    public KeyColumns(Schema schema, IReadOnlyList<string> names, string where)
    {
        _indexes = names.Count == 0
            ? [.. Enumerable.Range(0, schema.Count)]
            : [.. names.Select(n => schema.IndexOf(n) is var i and >= 0 ? i : throw new SluiceException($"{where}: '{n}' is not a column of the stream here; the columns are {string.Join(", ", schema.Fields.Select(static f => f.Name))}."))];
        IsSingleNumber = _indexes.Length == 1 && schema[_indexes[0]].Type.Kind is TypeKind.Int64 or TypeKind.Timestamp;
    }

    /// <summary>One integer column: keys are numbers.</summary>
    public bool IsSingleNumber { get; }

    public IReadOnlyList<int> Indexes => _indexes;

    public ColumnReader[] Bind(RecordBatch batch) => [.. _indexes.Select(i => new ColumnReader(batch.Column(i)))];
}
