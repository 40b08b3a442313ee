using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>string_agg: the non-null strings of each group joined by a separator in input order; null for a group without any.</summary>
internal sealed class StringAggAccumulator(string separator) : Accumulator(DataType.String)
{
    private readonly KeyEncoder _encoder = new(DataType.String);
    private List<long>[] _parts = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _parts, groupCount, null!);
        var c = column!;
        var codes = Buffers.Rent<long>(c.Length);
        try
        {
            _encoder.Encode(c, codes);
            for (var i = 0; i < groups.Length; i++)
            {
                if (!c.IsNull(i))
                {
                    (_parts[groups[i]] ??= []).Add(codes[i]);
                }
            }
        }
        finally
        {
            Buffers.Return(codes);
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _parts, groupCount, null!);
        var sep = System.Text.Encoding.UTF8.GetBytes(separator);
        var b = new Utf8Builder(groupCount, groupCount * 16);
        for (var g = 0; g < groupCount; g++)
        {
            if (_parts[g] is not { } parts)
            {
                b.AppendNull();
                continue;
            }

            for (var p = 0; p < parts.Count; p++)
            {
                if (p > 0)
                {
                    b.AppendPart(sep);
                }

                b.AppendPart(_encoder.BytesOf(parts[p]));
            }

            b.EndValue();
        }

        return b.Build();
    }
}
