using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>Compares values of same-typed columns: numbers numerically, strings by ordinal UTF-8 bytes, nulls after values.</summary>
internal static class ValueComparer
{
    public static int Compare(Column a, int i, Column b, int j)
    {
        var an = a.IsNull(i);
        var bn = b.IsNull(j);
        if (an || bn)
        {
            return an == bn ? 0 : an ? 1 : -1;
        }

        return (a, b) switch
        {
            (PrimitiveColumn<long> x, PrimitiveColumn<long> y) => x.Values[i].CompareTo(y.Values[j]),
            (PrimitiveColumn<int> x, PrimitiveColumn<int> y) => x.Values[i].CompareTo(y.Values[j]),
            (PrimitiveColumn<double> x, PrimitiveColumn<double> y) => x.Values[i].CompareTo(y.Values[j]),
            (PrimitiveColumn<bool> x, PrimitiveColumn<bool> y) => x.Values[i].CompareTo(y.Values[j]),
            (Utf8Column x, Utf8Column y) => x.GetBytes(i).SequenceCompareTo(y.GetBytes(j)),
            _ => throw new DataException($"Cannot compare {a.Type} with {b.Type}."),
        };
    }
}
