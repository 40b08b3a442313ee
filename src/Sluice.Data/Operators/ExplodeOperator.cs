using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>
/// One row per item of a list held in a string column, the items separated by <paramref name="separator"/>
/// (<c>"a|b|c"</c> → three rows); the other columns repeat. A null value stays one row with a null item; an empty
/// string is one empty item. Items are not trimmed.
/// </summary>
/// <param name="column">The string column holding the lists.</param>
/// <param name="separator">The separator (not empty).</param>
public sealed class ExplodeOperator(string column, string separator) : StreamOperator
{
    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = input.Require(column);
        if (input[index].Type.Kind != TypeKind.String)
        {
            throw new DataException($"explode needs a string column of separated items, but '{column}' is {input[index].Type}.");
        }

        if (separator.Length == 0)
        {
            throw new DataException("explode needs a separator that is not empty.");
        }

        return new Bound(input, index, System.Text.Encoding.UTF8.GetBytes(separator));
    }

    private sealed class Bound(Schema schema, int index, byte[] separator) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (b)
                {
                    var lists = (Utf8Column)b.Column(index);
                    var rows = new List<int>(b.RowCount);
                    var items = new Utf8Builder(b.RowCount, 64);
                    for (var r = 0; r < b.RowCount; r++)
                    {
                        if (lists.IsNull(r))
                        {
                            rows.Add(r);
                            items.AppendNull();
                            continue;
                        }

                        var rest = lists.GetBytes(r);
                        while (true)
                        {
                            rows.Add(r);
                            var at = rest.IndexOf(separator);
                            if (at < 0)
                            {
                                items.Append(rest);
                                break;
                            }

                            items.Append(rest[..at]);
                            rest = rest[(at + separator.Length)..];
                        }
                    }

                    var gather = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
                    var cols = new Column[schema.Count];
                    for (var c = 0; c < cols.Length; c++)
                    {
                        cols[c] = c == index ? items.Build() : b.Column(c).Gather(gather);
                    }

                    yield return new RecordBatch(schema, cols, rows.Count);
                }
            }
        }
    }
}
