using System.Text.Json;
using Sluice.Definition.Schema;

namespace Sluice.Tests.Definition.Schema;

public class PipelineJsonSchemaTests
{
    private static JsonElement Generate() => JsonDocument.Parse(PipelineJsonSchema.Generate(TestActions.Registry())).RootElement;

    [Fact]
    public void Generate_ProducesDraft202012ObjectSchema()
    {
        var root = Generate();
        root.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        root.GetProperty("type").GetString().ShouldBe("object");
        root.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
        root.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(
            ["id", "name", "version", "metadata", "inputs", "models", "context", "triggers", "defaults", "max_active_runs", "concurrency", "sla", "tasks", "result"], ignoreOrder: true);
    }

    [Fact]
    public void Generate_DescribesRegisteredActionParameters()
    {
        var root = Generate();
        var extract = root.GetProperty("$defs").GetProperty("action:extract");
        extract.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["source"]);
        extract.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
        var format = extract.GetProperty("properties").GetProperty("format");
        format.GetProperty("description").GetString().ShouldBe("The file format.");
        format.GetProperty("default").GetString().ShouldBe("csv");
        format.GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(["csv", "json"]);
        var sensitivity = extract.GetProperty("properties").GetProperty("sensitivity").GetProperty("anyOf");
        sensitivity.EnumerateArray().Select(e => e.TryGetProperty("$ref", out var r) ? r.GetString() : null).ShouldContain("#/$defs/auto");
    }

    [Fact]
    public void Generate_SelectsParameterSchemaByActionName()
    {
        var allOf = Generate().GetProperty("$defs").GetProperty("task").GetProperty("allOf");
        var rule = allOf.EnumerateArray().Single(r => r.GetProperty("if").GetProperty("properties").GetProperty("action").GetProperty("const").GetString() == "load");
        rule.GetProperty("then").GetProperty("properties").GetProperty("parameters").GetProperty("$ref").GetString().ShouldBe("#/$defs/action:load");
    }

    [Fact]
    public void Generate_EveryLocalReferenceResolves()
    {
        var root = Generate();
        var defs = root.GetProperty("$defs");
        foreach (var reference in Refs(root))
        {
            reference.ShouldStartWith("#/$defs/");
            defs.TryGetProperty(reference["#/$defs/".Length..], out _).ShouldBeTrue(reference);
        }
    }

    private static IEnumerable<string> Refs(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "$ref")
                {
                    yield return p.Value.GetString()!;
                }
                foreach (var r in Refs(p.Value))
                {
                    yield return r;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in e.EnumerateArray().SelectMany(Refs))
            {
                yield return r;
            }
        }
    }
}
