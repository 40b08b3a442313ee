namespace Sluice.Definition;

/// <summary>A model a task may use to choose <c>&lt;AUTO&gt;</c> parameters (seed 000's <c>models</c> block).</summary>
/// <param name="Name">The key under <c>models</c>.</param>
/// <param name="Provider">For example <c>openai</c> or <c>local</c>.</param>
/// <param name="Model">The provider's model name.</param>
/// <param name="Settings">Every other key (temperature, path...), as written.</param>
public sealed record ModelDefinition(string Name, string Provider, string Model, IReadOnlyDictionary<string, object?> Settings);
