using Sluice.Data.Batches;
using Sluice.Lineage;

namespace Sluice.DataActions.Transform;

/// <summary>
/// Where each column of a transformation's current schema came from: the input columns (of the input dataset or of a
/// joined one) and what was done to them, followed step by step through the plan.
/// </summary>
internal sealed class ColumnLineage
{
    private Dictionary<string, List<ColumnOrigin>> _origins;

    public ColumnLineage(string dataset, Schema input)
    {
        _origins = input.Fields.ToDictionary(f => f.Name, f => new List<ColumnOrigin> { new(dataset, f.Name, "identity") }, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>> Origins =>
        _origins.ToDictionary(static kv => kv.Key, static kv => (IReadOnlyList<ColumnOrigin>)kv.Value, StringComparer.Ordinal);

    /// <summary>A column computed from others (<paramref name="how"/> names the computation).</summary>
    public void Compute(string output, IEnumerable<string> from, string how)
    {
        var origins = new List<ColumnOrigin>();
        foreach (var name in from)
        {
            foreach (var o in _origins.GetValueOrDefault(name) ?? [])
            {
                var step = o.Transformation == "identity" ? how : $"{o.Transformation}; {how}";
                if (!origins.Exists(x => x.Dataset == o.Dataset && x.Column == o.Column))
                {
                    origins.Add(o with { Transformation = step });
                }
            }
        }

        _origins[output] = origins;
    }

    /// <summary>Columns brought in from another dataset (a join's right side).</summary>
    public void Bring(string dataset, IEnumerable<string> columns, string how)
    {
        foreach (var c in columns)
        {
            _origins.TryAdd(c, [new ColumnOrigin(dataset, c, how)]);
        }
    }

    /// <summary>After a step: keep the columns still there (renamed ones moved), drop the others.</summary>
    public void Keep(Schema after, IReadOnlyDictionary<string, string>? renamed = null)
    {
        var next = new Dictionary<string, List<ColumnOrigin>>(StringComparer.Ordinal);
        foreach (var f in after.Fields)
        {
            var from = renamed?.FirstOrDefault(kv => kv.Value == f.Name).Key ?? f.Name;
            next[f.Name] = _origins.GetValueOrDefault(from) ?? [];
        }

        _origins = next;
    }
}
