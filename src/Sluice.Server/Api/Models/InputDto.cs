using Sluice.Definition;

namespace Sluice.Server.Api.Models;

/// <summary>A declared input.</summary>
internal sealed record InputDto(string Name, string Type, bool Required, string? Default, IReadOnlyList<string>? Enum, string? Description)
{
    public static InputDto From(InputDefinition i) =>
        new(i.Name, i.Type.ToString().ToLowerInvariant(), i.Required, i.HasDefault ? Expressions.ExprValues.ToJsonText(i.Default) : null,
            i.Enum?.Select(Expressions.ExprValues.ToText).ToList(), i.Description);
}
