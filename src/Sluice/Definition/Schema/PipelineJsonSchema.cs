using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Actions;

namespace Sluice.Definition.Schema;

/// <summary>
/// Generates the JSON Schema (draft 2020-12) of the pipeline YAML format, with per-action parameter
/// schemas built from the registered descriptors, so editors can autocomplete and check pipelines.
/// </summary>
public static class PipelineJsonSchema
{
    /// <summary>The schema dialect written in <c>$schema</c>.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Returns the schema as indented JSON text.</summary>
    public static string Generate(ActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var defs = SchemaParts.Definitions();
        var perAction = new JsonArray();
        foreach (var action in actions.All)
        {
            var d = action.Descriptor;
            var key = ActionKey(d.Name);
            defs[key] = ActionParameters(d);
            perAction.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["action"] = new JsonObject { ["const"] = d.Name } },
                    ["required"] = new JsonArray("action"),
                },
                ["then"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["parameters"] = new JsonObject { ["$ref"] = "#/$defs/" + key } },
                },
            });
        }
        var task = SchemaParts.Task([.. actions.All.Select(static a => a.Descriptor)]);
        task["allOf"] = perAction;
        defs["task"] = task;
        var root = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = "https://sluice.dev/schema/pipeline.json",
            ["title"] = "Sluice pipeline",
            ["description"] = "A Sluice data pipeline: inputs, context, triggers, defaults and a DAG of tasks.",
            ["type"] = "object",
            ["required"] = new JsonArray("id"),
            ["additionalProperties"] = false,
            ["properties"] = SchemaParts.RootProperties(),
            ["$defs"] = defs,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string ActionKey(string name) => "action:" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonObject ActionParameters(ActionDescriptor d)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var p in d.Parameters)
        {
            properties[p.Name] = Parameter(p);
            if (p.Required)
            {
                required.Add(p.Name);
            }
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"Parameters of action '{d.Name}': {d.Description}",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = d.AllowsExtraParameters,
        };
    }

    private static JsonObject Parameter(ParameterSpec p)
    {
        var typed = SchemaParts.TypeOf(p.Type);
        if (p.AllowedValues is { Count: > 0 } allowed)
        {
            typed["enum"] = new JsonArray([.. allowed.Select(SchemaParts.ToNode)]);
        }
        var anyOf = new JsonArray(typed, SchemaParts.Ref("template"));
        if (p.SupportsAuto)
        {
            anyOf.Add(SchemaParts.Ref("auto"));
        }
        var schema = new JsonObject { ["description"] = p.Description, ["anyOf"] = anyOf };
        if (p.Default is not null)
        {
            schema["default"] = SchemaParts.ToNode(p.Default);
        }
        return schema;
    }
}
