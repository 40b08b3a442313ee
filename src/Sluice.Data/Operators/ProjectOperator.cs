using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>
/// Computes output columns from expressions. With <paramref name="keepInput"/> (derive) the input columns stay,
/// a projection with an existing name replaces that column in place and new names are appended; without it
/// (select) the output is exactly the projections. Select, rename and cast are projections too (see the factories).
/// </summary>
/// <param name="projections">The output columns.</param>
/// <param name="keepInput">Whether to keep the input columns.</param>
public sealed class ProjectOperator(IReadOnlyList<Projection> projections, bool keepInput) : BatchOperator
{
    /// <summary>The projections.</summary>
    public IReadOnlyList<Projection> Projections { get; } = projections;

    /// <summary>Whether input columns are kept.</summary>
    public bool KeepInput { get; } = keepInput;

    /// <summary>Adds or replaces columns.</summary>
    public static ProjectOperator Derive(params Projection[] projections) => new(projections, keepInput: true);

    /// <summary>Keeps only the named columns, in this order.</summary>
    public static ProjectOperator Select(params string[] columns) =>
        new([.. columns.Select(c => new Projection(c, new ColumnRef(c)))], keepInput: false);

    /// <summary>Renames columns (old name → new name), keeping order and the other columns.</summary>
    public static RenameOperator Rename(IReadOnlyDictionary<string, string> renames) => new(renames);

    /// <summary>Converts columns to other types in place (invalid text becomes null).</summary>
    public static ProjectOperator Cast(IReadOnlyDictionary<string, DataType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        return new([.. types.Select(t => new Projection(t.Key, new CastExpr(new ColumnRef(t.Key), t.Value)))], keepInput: true);
    }

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var compiled = Projections.Select(p => (p.Name, Expr: ExprCompiler.Compile(p.Expression, input))).ToArray();
        var fields = KeepInput ? input.Fields.ToList() : [];
        var sources = KeepInput ? Enumerable.Range(0, input.Count).Select(i => (CompiledExpr?)null).ToList() : [];
        foreach (var (name, expr) in compiled)
        {
            var at = fields.FindIndex(f => f.Name == name);
            if (at >= 0 && KeepInput)
            {
                fields[at] = new Field(name, expr.Type);
                sources[at] = expr;
            }
            else
            {
                fields.Add(new Field(name, expr.Type));
                sources.Add(expr);
            }
        }

        return new Bound(new Schema(fields), [.. sources]);
    }

    private sealed class Bound(Schema output, CompiledExpr?[] sources) : IBoundBatchOperator
    {
        public Schema OutputSchema => output;

        public RecordBatch Apply(RecordBatch input)
        {
            using (input)
            {
                var cols = new Column[sources.Length];
                for (var i = 0; i < cols.Length; i++)
                {
                    cols[i] = sources[i] is { } e ? e.Evaluate(input) : input.Column(i).Retain();
                }

                return new RecordBatch(output, cols, input.RowCount);
            }
        }
    }
}
