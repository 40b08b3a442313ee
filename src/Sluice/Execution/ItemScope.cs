using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>The run's scope plus <c>item</c> and <c>item_index</c> for one instance of a mapped task.</summary>
internal sealed class ItemScope(IExpressionScope parent, object? item, int index) : IExpressionScope
{
    public bool TryGetRoot(string name, out object? value)
    {
        switch (name)
        {
            case "item": value = item; return true;
            case "item_index": value = (long)index; return true;
            default: return parent.TryGetRoot(name, out value);
        }
    }

    public string? GetSecret(string name) => parent.GetSecret(name);
}
