namespace Sluice.Definition;

/// <summary>A typed run parameter, overridable from the CLI (<c>--input k=v</c>) or the API.</summary>
/// <param name="Name">The key under <c>inputs</c>.</param>
/// <param name="Type">The declared type. The default is <see cref="InputType.Any"/>.</param>
/// <param name="Default">The value when none is given; null means none.</param>
/// <param name="HasDefault">True when a default was declared (a declared default may itself be null).</param>
/// <param name="Required">True when a run must provide it.</param>
/// <param name="Enum">Allowed values, or null for any.</param>
/// <param name="Description">Shown by the CLI and UI.</param>
public sealed record InputDefinition(
    string Name,
    InputType Type = InputType.Any,
    object? Default = null,
    bool HasDefault = false,
    bool Required = false,
    IReadOnlyList<object?>? Enum = null,
    string? Description = null);
