namespace Sluice.Actions;

/// <summary>The actions a pipeline may name. Thread-safe for reads after registration.</summary>
public sealed class ActionRegistry
{
    private readonly Dictionary<string, IAction> _actions = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="action"/> under its descriptor's name, replacing any previous one.</summary>
    public ActionRegistry Register(IAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions[action.Descriptor.Name] = action;
        return this;
    }

    /// <summary>
    /// Chooses <c>&lt;AUTO&gt;</c> parameters with a task's model (set by the host that installs a model provider); null
    /// means the hint's words and the actions' heuristics decide.
    /// </summary>
    public Auto.IAutoResolver? AutoResolver { get; set; }

    /// <summary>The action named <paramref name="name"/>, or null.</summary>
    public IAction? Find(string name) => _actions.GetValueOrDefault(name);

    /// <summary>All registered actions, sorted by name.</summary>
    public IReadOnlyList<IAction> All => [.. _actions.Values.OrderBy(static a => a.Descriptor.Name, StringComparer.Ordinal)];

    /// <summary>All registered names.</summary>
    public IEnumerable<string> Names => _actions.Keys;
}
