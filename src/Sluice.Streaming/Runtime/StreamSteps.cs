using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Operators;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Steps;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// The steps of a stream on one side of its window, bound once to the stream's schema: the batch vocabulary it shares
/// with <c>apply_transformations</c> — filter, derive, select, rename, cast — as the data engine's own stateless
/// operators, and the stateful stream operators (dedupe, enrich, anomaly), applied in order to every batch. Their state
/// is saved and loaded in step order.
/// </summary>
internal sealed class StreamSteps : IDisposable
{
    private readonly List<IStreamStep> _operators = [];

    public StreamSteps(IReadOnlyList<KeyValuePair<string, object?>> steps, Schema input, string where, StepServices services)
    {
        Output = input;
        for (var i = 0; i < steps.Count; i++)
        {
            var (kind, config) = steps[i];
            var path = $"{where} {kind} step {i + 1}";
            try
            {
                switch (config)
                {
                    case DedupeSpec dedupe:
                        Add(new DedupeStep(dedupe, Output, services.TimeColumn, path));
                        continue;
                    case EnrichSpec enrich:
                        Add(new EnrichStep(enrich, Output, services.Reader ?? throw new SluiceException($"{path}: this host has no dataset reader for reference data."), services.Context, path));
                        continue;
                    case AnomalySpec anomaly:
                        Add(new AnomalyStep(anomaly, Output, path));
                        continue;
                }

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

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IStreamStep> Operators => _operators;

    private void Add(BatchOperator op) => Add(new EngineStep(op.Bind(Output)));

    private void Add(IStreamStep op)
    {
        _operators.Add(op);
        Output = op.Output;
    }

    /// <summary>Applies every step; takes ownership of <paramref name="batch"/>.</summary>
    public RecordBatch Apply(RecordBatch batch, StreamClock clock)
    {
        foreach (var op in _operators)
        {
            batch = op.Apply(batch, clock);
        }

        return batch;
    }

    /// <summary>Loads or refreshes reference data the steps read.</summary>
    public async ValueTask RefreshAsync(StreamClock clock, CancellationToken cancellationToken)
    {
        foreach (var op in _operators)
        {
            await op.RefreshAsync(clock, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Save(StateWriter writer)
    {
        foreach (var op in _operators)
        {
            op.Save(writer);
        }
    }

    public void Load(StateReader reader)
    {
        foreach (var op in _operators)
        {
            op.Load(reader);
        }
    }

    public void Dispose()
    {
        foreach (var op in _operators.OfType<IDisposable>())
        {
            op.Dispose();
        }
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
