namespace Sluice.Actions;

/// <summary>Declares one parameter of an action.</summary>
/// <param name="Name">The key under <c>parameters</c>.</param>
/// <param name="Type">Its type.</param>
/// <param name="Description">One line for <c>sluice actions</c> and the JSON Schema.</param>
/// <param name="Required">True when the task must set it.</param>
/// <param name="Default">The value used when the task does not set it.</param>
/// <param name="AllowedValues">The only values accepted, or null.</param>
/// <param name="SupportsAuto">True when <c>&lt;AUTO&gt;</c> is accepted (the action has a heuristic).</param>
public sealed record ParameterSpec(
    string Name,
    ParameterType Type,
    string Description,
    bool Required = false,
    object? Default = null,
    IReadOnlyList<object?>? AllowedValues = null,
    bool SupportsAuto = false)
{
    /// <summary>
    /// The language when the parameter's text is code that runs (a shell command line, SQL). A template spliced into
    /// it is reported by the validator (SLU047) unless quoted with that language's filter. The default is
    /// <see cref="CodeLanguage.None"/>.
    /// </summary>
    public CodeLanguage Code { get; init; }
}
