namespace Sluice.Actions;

/// <summary>Declares one output of an action.</summary>
/// <param name="Name">The output key.</param>
/// <param name="Description">One line for <c>sluice actions</c>.</param>
public sealed record OutputSpec(string Name, string Description);
