namespace Sluice.Expressions.Evaluation;

/// <summary>Equality of expression values as <c>==</c> sees it, with hash codes consistent across int and float.</summary>
internal sealed class ValueComparer : IEqualityComparer<object?>
{
    public static ValueComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => ExprValues.AreEqual(x, y);

    public int GetHashCode(object? obj) => obj switch
    {
        null => 0,
        long l => ((double)l).GetHashCode(),
        double d => d.GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        // Containers hash by size only: never recursing keeps self-containing values from overflowing the stack.
        IReadOnlyList<object?> list => HashCode.Combine(1, list.Count),
        IReadOnlyDictionary<string, object?> map => HashCode.Combine(2, map.Count),
        _ => obj.GetHashCode(),
    };
}
