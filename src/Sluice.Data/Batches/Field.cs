namespace Sluice.Data.Batches;

/// <summary>A named, typed column of a <see cref="Schema"/>.</summary>
/// <param name="Name">The column name (case-sensitive).</param>
/// <param name="Type">The value type.</param>
public sealed record Field(string Name, DataType Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}";
}
