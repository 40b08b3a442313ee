using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.Data.Operators;

/// <summary>
/// Turns columns into rows (wide to long, DuckDB's UNPIVOT, pandas' melt): each input row becomes one row per
/// unpivoted column that holds a value (all of them with <see cref="KeepNulls"/>), with the other columns, then
/// the column's name in <paramref name="namesTo"/> and its value in <paramref name="valuesTo"/> (types widened as
/// in a union: int64 with float64 gives float64).
/// </summary>
/// <param name="columns">The columns to turn into rows.</param>
/// <param name="namesTo">The output column of the names.</param>
/// <param name="valuesTo">The output column of the values.</param>
public sealed class UnpivotOperator(IReadOnlyList<string> columns, string namesTo, string valuesTo) : StreamOperator
{
    /// <summary>Whether null values give rows too. The default is false (as DuckDB's UNPIVOT).</summary>
    public bool KeepNulls { get; init; }

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (columns.Count == 0)
        {
            throw new DataException("unpivot needs at least one column.");
        }

        int[] unpivoted = [.. columns.Select(input.Require)];
        var type = input[unpivoted[0]].Type;
        foreach (var i in unpivoted.Skip(1))
        {
            type = UnionSource.Widen(type, input[i].Type)
                ?? throw new DataException($"unpivot cannot put '{input[i].Name}' ({input[i].Type}) and {type} values in one column; cast them first.");
        }

        int[] kept = [.. Enumerable.Range(0, input.Count).Where(i => !unpivoted.Contains(i))];
        var output = new Schema([.. kept.Select(i => input[i]), new Field(namesTo, DataType.String), new Field(valuesTo, type)]);
        CompiledExpr[] values = [.. unpivoted.Select(i => ExprCompiler.Compile(input[i].Type == type ? new ColumnRef(input[i].Name) : new CastExpr(new ColumnRef(input[i].Name), type), input))];
        return new Bound(output, kept, values, [.. unpivoted.Select(i => input[i].Name)], type, KeepNulls);
    }

    private sealed class Bound(Schema output, int[] kept, CompiledExpr[] unpivoted, string[] names, DataType type, bool keepNulls) : IBoundStreamOperator
    {
        public Schema OutputSchema => output;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    // The values of all unpivoted columns side by side (column u's row r at u * n + r), converted to one type.
                    var n = b.RowCount;
                    var parts = unpivoted.Select(v => v.Evaluate(b)).ToArray();
                    using var all = ColumnConcat.Concat(type, parts);
                    foreach (var p in parts)
                    {
                        p.Dispose();
                    }

                    var rows = new List<int>();
                    var picks = new List<int>();
                    var labels = new Utf8Builder(n * unpivoted.Length, 16);
                    for (var r = 0; r < n; r++)
                    {
                        for (var u = 0; u < unpivoted.Length; u++)
                        {
                            if (!keepNulls && all.IsNull((u * n) + r))
                            {
                                continue;
                            }

                            rows.Add(r);
                            picks.Add((u * n) + r);
                            labels.Append(System.Text.Encoding.UTF8.GetBytes(names[u]));
                        }
                    }

                    var gather = rows.ToArray();
                    var cols = new List<Column>(output.Count);
                    cols.AddRange(kept.Select(i => b.Column(i).Gather(gather)));
                    cols.Add(labels.Build());
                    cols.Add(all.Gather(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(picks)));
                    yield return new RecordBatch(output, cols, rows.Count);
                }
            }
        }
    }
}
