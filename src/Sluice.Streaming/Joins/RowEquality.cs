namespace Sluice.Streaming.Joins;

/// <summary>Rows of checkpointable values (long, double, string, bool, null) compared by value: a join's distinct output.</summary>
internal sealed class RowEquality : IEqualityComparer<object?[]>
{
    public static RowEquality Instance { get; } = new();

    public bool Equals(object?[]? x, object?[]? y) => x is not null && y is not null && x.SequenceEqual(y);

    public int GetHashCode(object?[] obj)
    {
        var hash = new HashCode();
        foreach (var value in obj)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
