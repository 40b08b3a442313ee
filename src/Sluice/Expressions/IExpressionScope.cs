namespace Sluice.Expressions;

/// <summary>Supplies the root names an expression can read (<c>inputs</c>, <c>context</c>, task ids, <c>item</c>, <c>env</c>...) and secrets.</summary>
public interface IExpressionScope
{
    /// <summary>Resolves a root name. Returns false when the name is unknown (an evaluation error).</summary>
    bool TryGetRoot(string name, out object? value);

    /// <summary>The value of secret <paramref name="name"/>, or null when it is not set.</summary>
    string? GetSecret(string name);
}
