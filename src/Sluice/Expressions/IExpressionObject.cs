namespace Sluice.Expressions;

/// <summary>
/// An object whose members expressions can read with <c>obj.name</c> or <c>obj['name']</c>, such as a
/// dataset handle. Any other object is opaque to expressions: no reflection is ever used.
/// </summary>
public interface IExpressionObject
{
    /// <summary>Reads member <paramref name="name"/>; returns false when there is no such member (an evaluation error).</summary>
    bool TryGetMember(string name, out object? value);
}
