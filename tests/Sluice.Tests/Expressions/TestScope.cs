using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

/// <summary>A scope backed by dictionaries, as the executor's scope is.</summary>
internal sealed class TestScope : IExpressionScope
{
    private readonly Dictionary<string, object?> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public object? this[string name]
    {
        set => _roots[name] = value;
    }

    public static TestScope Empty => new();

    public TestScope WithSecret(string name, string value)
    {
        _secrets[name] = value;
        return this;
    }

    public bool TryGetRoot(string name, out object? value) => _roots.TryGetValue(name, out value);

    public string? GetSecret(string name) => _secrets.TryGetValue(name, out var value) ? value : null;
}
