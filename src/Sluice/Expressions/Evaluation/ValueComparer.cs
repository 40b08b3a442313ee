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
        IReadOnlyList<object?> list => HashCode.Combine(list.Count, list.Count > 0 ? GetHashCode(ExprValues.Normalize(list[0])) : 0),
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => obj.GetHashCode(),
    };
}
