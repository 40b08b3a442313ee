namespace Sluice.Testing.Mocks;

/// <summary>
/// What a mocked task does instead of its action: return <see cref="Outputs"/> (with <see cref="Datasets"/> written as
/// dataset outputs), or fail with <see cref="Error"/>.
/// </summary>
public sealed record TaskMock
{
    /// <summary>Plain output values by output name. The default is none.</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Dataset outputs by output name, as rows (column name to value); each is written as a JSON Lines artifact. The default is none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Datasets { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);

    /// <summary>When set, every attempt fails with this message (not transient, so it is not retried). The default is null.</summary>
    public string? Error { get; init; }
}
