using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Operators;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// The batch vocabulary a stream shares with <c>apply_transformations</c> — filter, derive, select, rename, cast —
/// bound once to the stream's schema as the data engine's own stateless operators, then applied to every batch.
/// </summary>
internal sealed class StatelessSteps
{
    private readonly List<IBoundBatchOperator> _operators = [];

    public StatelessSteps(IReadOnlyList<KeyValuePair<string, object?>> steps, Schema input, string where)
    {
        Output = input;
        for (var i = 0; i < steps.Count; i++)
        {
            var (kind, config) = steps[i];
            var path = $"{where} {kind} step {i + 1}";
            try
            {
                switch (kind)
                {
                    case "filter":
                        Add(new FilterOperator(ColumnBinder.Parse(config as string ?? throw Bad(path, "an expression"), new SourceLocation(path, 1, 1), Output)));
                        break;
                    case "derive":
                        foreach (var (name, text) in Map(config, path))
                        {
                            Add(ProjectOperator.Derive(new Projection(name, ColumnBinder.Parse(text as string ?? throw Bad($"{path}.{name}", "an expression"), new SourceLocation($"{path}.{name}", 1, 1), Output))));
                        }

                        break;
                    case "select":
                        Add(ProjectOperator.Select([.. Names(config, path)]));
                        break;
                    case "rename":
                        Add(ProjectOperator.Rename(Map(config, path).ToDictionary(static kv => kv.Key, kv => kv.Value as string ?? throw Bad($"{path}.{kv.Key}", "the new name"), StringComparer.Ordinal)));
                        break;
                    default:
                        Add(ProjectOperator.Cast(Map(config, path).ToDictionary(static kv => kv.Key, kv => DataType.TryParse(kv.Value as string ?? "") ?? throw Bad($"{path}.{kv.Key}", "a type: int, float, string, bool, timestamp, date"), StringComparer.Ordinal)));
                        break;
                }
            }
            catch (DataException ex)
            {
                throw new SluiceException($"{path}: {ex.Message}");
            }
        }
    }

    public Schema Output { get; private set; }

    private void Add(BatchOperator op)
    {
        var bound = op.Bind(Output);
        _operators.Add(bound);
        Output = bound.OutputSchema;
    }

    /// <summary>Applies every step; takes ownership of <paramref name="batch"/>.</summary>
    public RecordBatch Apply(RecordBatch batch)
    {
        foreach (var op in _operators)
        {
            batch = op.Apply(batch);
        }

        return batch;
    }

    private static SluiceException Bad(string path, string expected) => new($"{path}: expected {expected}");

    private static IReadOnlyDictionary<string, object?> Map(object? value, string path) =>
        value as IReadOnlyDictionary<string, object?> ?? throw Bad(path, $"a map, got {ExprValues.TypeName(value)}");

    private static IReadOnlyList<string> Names(object? value, string path) => value switch
    {
        string s => [s],
        IReadOnlyList<object?> list => [.. list.Select(i => i as string ?? throw Bad(path, "column names"))],
        _ => throw Bad(path, "a column name or a list of them"),
    };
}
