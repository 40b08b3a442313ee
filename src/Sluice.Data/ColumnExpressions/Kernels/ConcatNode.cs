using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// Joins strings end to end: <c>concat(a, b, …)</c> (any types, converted to text as <c>cast(x, string)</c> does) and
/// <c>a + b</c> between two strings. SQL semantics: a null argument makes the result null (use
/// <c>coalesce(x, '')</c> to treat a null as empty).
/// </summary>
internal sealed class ConcatNode : Node
{
    private readonly Node[] _args;

    public ConcatNode(Node[] args)
        : base(DataType.String)
    {
        if (args.Length == 0)
        {
            throw new DataException("concat needs at least one argument.");
        }

        _args = [.. args.Select(a => a.Type.Kind == TypeKind.String ? a : CastNode.Create(a, DataType.String))];
    }

    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        var parts = new Utf8Column[_args.Length];
        try
        {
            var bytes = 0;
            for (var a = 0; a < parts.Length; a++)
            {
                parts[a] = (Utf8Column)_args[a].Eval(batch);
                bytes += parts[a] is StringColumn s ? s.ByteLength : n * 8;
            }

            var builder = new Utf8Builder(n, bytes);
            for (var i = 0; i < n; i++)
            {
                var isNull = false;
                foreach (var p in parts)
                {
                    isNull |= p.IsNull(i);
                }

                if (isNull)
                {
                    builder.AppendNull();
                    continue;
                }

                foreach (var p in parts)
                {
                    builder.AppendPart(p.GetBytes(i));
                }

                builder.EndValue();
            }

            return builder.Build();
        }
        finally
        {
            foreach (var p in parts)
            {
                p?.Dispose();
            }
        }
    }
}
