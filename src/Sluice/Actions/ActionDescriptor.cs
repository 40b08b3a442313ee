namespace Sluice.Actions;

/// <summary>What an action is called, what it takes and what it returns.</summary>
/// <param name="Name">Registered name used in <c>action:</c>.</param>
/// <param name="Description">One paragraph for <c>sluice actions</c>.</param>
/// <param name="Parameters">Declared parameters; others are rejected unless <paramref name="AllowsExtraParameters"/>.</param>
/// <param name="Outputs">Declared outputs. A task's <c>outputs</c> may list any of these; other names are an error
/// unless <paramref name="AllowsExtraOutputs"/>.</param>
/// <param name="AllowsExtraParameters">True for actions that pass arbitrary keys through (delegates).</param>
/// <param name="AllowsExtraOutputs">True for actions whose outputs are chosen by the user (delegates, shell).</param>
public sealed record ActionDescriptor(
    string Name,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<OutputSpec> Outputs,
    bool AllowsExtraParameters = false,
    bool AllowsExtraOutputs = false)
{
    /// <summary>
    /// Groups of parameters of which a task must set exactly one (for example <c>command</c> or <c>args</c>
    /// of <c>shell</c>). Checked statically. The default is none.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> ExactlyOneOf { get; init; } = [];

    /// <summary>The spec of <paramref name="name"/>, or null.</summary>
    public ParameterSpec? FindParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p;
            }
        }
        return null;
    }
}
