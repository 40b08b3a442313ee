using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Operators.Aggregation;
using Sluice.Definition.Validation;
using Sluice.Expressions;

namespace Sluice.DataActions.Transform;

/// <summary>
/// The columns a step names outside an expression (select, sort, group and join keys, ...): each must be a column of the
/// schema at that step. An unknown one is an error at its item in the step, with the nearest names, like an unknown
/// column inside an expression, both before the run (file:line:col) and when the task starts.
/// </summary>
internal sealed partial class StepPlanner
{
    /// <summary>Checks <paramref name="names"/>, written at <paramref name="path"/> as <paramref name="written"/> (a name or a list of them).</summary>
    /// <exception cref="ExpressionException">A name that is not a column, located at its item.</exception>
    private IReadOnlyList<string> Require(Schema schema, IReadOnlyList<string> names, string path, object? written)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (schema.IndexOf(names[i]) < 0)
            {
                throw UnknownColumn(names[i], schema, written is IReadOnlyList<object?> ? $"{path}[{i}]" : path);
            }
        }

        return names;
    }

    /// <summary>The map of a rename or cast step, whose keys must be columns (located at the key).</summary>
    private IReadOnlyDictionary<string, object?> Keys(Schema schema, object? config, string path)
    {
        var map = Map(config, path);
        foreach (var name in map.Keys.Where(n => schema.IndexOf(n) < 0))
        {
            throw UnknownColumn(name, schema, $"{path}.{name}#key");
        }

        return map;
    }

    private ExpressionException UnknownColumn(string name, Schema schema, string path) =>
        new($"unknown column '{name}' ({NameSuggester.Hint(name, [.. schema.Fields.Select(static f => f.Name)], "columns")})", origin(path));

    /// <summary>
    /// Whether the aggregate can take its input's type (sum and mean of numbers, string_agg of strings, ...): the
    /// aggregation operator's own rules, applied to this one metric so the error is located at it.
    /// </summary>
    private void RequireAggregable(Schema schema, AggregateFunction function, string text, string path)
    {
        try
        {
            _ = new HashAggregateOperator([], [function]).Bind(schema);
        }
        catch (DataException ex)
        {
            throw new ExpressionException($"{text.Trim()}: {ex.Message.TrimEnd('.')}", origin(path));
        }
    }
}
