using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Operators;

namespace Sluice.Data.Execution;

/// <summary>
/// Several sources read as one stream, in order (SQL's <c>UNION ALL</c>). Columns are matched by name, in the first
/// source's order; a column may have a different type in another source when the types widen to one
/// (<c>int64</c> and <c>decimal(S)</c> to the decimal of the largest scale, any number with <c>float64</c> to
/// <c>float64</c>, <c>date</c> with <c>timestamp</c> to <c>timestamp</c>), and those batches are converted.
/// <see cref="Lazy"/> builds a union whose schema is known in advance and whose parts are opened only when the stream
/// reaches them (one file open at a time).
/// </summary>
public sealed class UnionSource : IBatchSource
{
    private readonly (string Label, Func<IBatchSource> Open)[] _parts;

    private UnionSource((string Label, Func<IBatchSource> Open)[] parts, Schema schema)
    {
        _parts = parts;
        Schema = schema;
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>Builds the union of <paramref name="parts"/> (each with a label, such as its path, for error messages).</summary>
    /// <exception cref="DataException">No parts, a part lacks or adds columns, or a column's types do not widen to one.</exception>
    public static UnionSource Create(IReadOnlyList<(string Label, IBatchSource Source)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new DataException("an empty list of datasets has no columns; give at least one dataset");
        }

        var schema = Unify(parts);
        return new UnionSource([.. parts.Select(static p => (p.Label, (Func<IBatchSource>)(() => p.Source)))], schema);
    }

    /// <summary>
    /// The union of the sources <paramref name="parts"/> opens, each opened when the stream reaches it and read as
    /// <paramref name="schema"/> (columns by name, converted to its types); with no parts, an empty dataset of
    /// <paramref name="schema"/>.
    /// </summary>
    /// <exception cref="DataException">(While reading) a part lacks a column of <paramref name="schema"/>.</exception>
    public static UnionSource Lazy(Schema schema, IReadOnlyList<Func<IBatchSource>> parts)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(parts);
        return new UnionSource([.. parts.Select(static (open, i) => ($"dataset {i + 1} of the list", open))], schema);
    }

    /// <summary>The schema of the union of sources with <paramref name="parts"/>' schemas.</summary>
    /// <exception cref="DataException">The schemas do not match by name, or a column's types do not widen to one.</exception>
    public static Schema Unify(IReadOnlyList<(string Label, IBatchSource Source)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var (firstLabel, first) = (parts[0].Label, parts[0].Source.Schema);
        var fields = first.Fields.ToArray();
        foreach (var (label, source) in parts.Skip(1))
        {
            var other = source.Schema;
            var missing = first.Fields.Where(f => other.IndexOf(f.Name) < 0).Select(static f => f.Name).ToList();
            var extra = other.Fields.Where(f => first.IndexOf(f.Name) < 0).Select(static f => f.Name).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                var what = new List<string>();
                if (missing.Count > 0)
                {
                    what.Add($"lacks {Names(missing)}");
                }

                if (extra.Count > 0)
                {
                    what.Add($"has {Names(extra)} that {firstLabel} has not");
                }

                throw new DataException($"the datasets of a list must have the same columns (by name): {label} {string.Join(" and ", what)} (columns of {firstLabel}: {string.Join(", ", first.Fields.Select(static f => f.Name))}); select or rename columns so they agree");
            }

            for (var i = 0; i < fields.Length; i++)
            {
                var theirs = other[other.IndexOf(fields[i].Name)].Type;
                fields[i] = new Field(fields[i].Name, Widen(fields[i].Type, theirs)
                    ?? throw new DataException($"column '{fields[i].Name}' is {theirs} in {label} but {fields[i].Type} in an earlier dataset of the list; the types must agree (fix the type with a schema or a cast)"));
            }
        }

        return new Schema(fields);
    }

    /// <summary>The type both <paramref name="a"/> and <paramref name="b"/> convert to without loss of meaning, or null.</summary>
    public static DataType? Widen(DataType a, DataType b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a == b)
        {
            return a;
        }

        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Kind == TypeKind.Float64 || b.Kind == TypeKind.Float64)
            {
                return DataType.Float64;
            }

            return DataType.Decimal(Math.Max(a.Kind == TypeKind.Decimal ? a.Scale : 0, b.Kind == TypeKind.Decimal ? b.Scale : 0));
        }

        return (a.Kind, b.Kind) is (TypeKind.Date, TypeKind.Timestamp) or (TypeKind.Timestamp, TypeKind.Date) ? DataType.Timestamp : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (label, open) in _parts)
        {
            var source = open();
            var convert = Converter(label, source.Schema, Schema);
            BatchTransform? step = convert is null ? transform : transform is null ? convert.Apply : b => transform(convert.Apply(b));
            await foreach (var batch in source.ReadAsync(step, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }

    private static IBoundBatchOperator? Converter(string label, Schema from, Schema to)
    {
        if (from.Equals(to))
        {
            return null;
        }

        if (to.Fields.Where(f => from.IndexOf(f.Name) < 0).Select(static f => f.Name).ToList() is { Count: > 0 } missing)
        {
            throw new DataException($"the datasets of a list must have the same columns (by name): {label} lacks {Names(missing)}");
        }

        var projections = to.Fields.Select(f =>
        {
            var type = from[from.IndexOf(f.Name)].Type;
            ColumnExpr column = new ColumnRef(f.Name);
            return new Projection(f.Name, type == f.Type ? column : new CastExpr(column, f.Type));
        }).ToList();
        return new ProjectOperator(projections, keepInput: false).Bind(from);
    }

    private static string Names(List<string> names) => (names.Count == 1 ? "the column " : "the columns ") + string.Join(", ", names.Select(static n => $"'{n}'"));
}
