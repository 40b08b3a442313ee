using Sluice.Definition;
using Sluice.Files;

namespace Sluice.Actions.Auto;

/// <summary>One <c>&lt;AUTO&gt;</c> parameter to choose, with what a model needs to choose it.</summary>
public sealed record AutoRequest
{
    /// <summary>The task's model (its settings rendered, secrets resolved).</summary>
    public required ModelDefinition Model { get; init; }

    /// <summary>The action the parameter belongs to.</summary>
    public required ActionDescriptor Action { get; init; }

    /// <summary>The parameter's declaration: type, allowed values, description.</summary>
    public required ParameterSpec Parameter { get; init; }

    /// <summary>The text between the tags.</summary>
    public required string Hint { get; init; }

    /// <summary>The task's other rendered parameters (datasets to profile, for example).</summary>
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    /// <summary>The task's id, for messages.</summary>
    public required string TaskId { get; init; }

    /// <summary>The files the task may read (a data profile reads only these). The default is unrestricted.</summary>
    public PathPolicy Files { get; init; } = PathPolicy.Unrestricted;

    /// <summary>Where the resolver may write what it did (retries, errors).</summary>
    public required ITaskLog Log { get; init; }
}
