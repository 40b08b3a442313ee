using Sluice.AI.Tests.Testing;
using Sluice.DataActions.IO;
using Sluice.DataActions.Schemas;

namespace Sluice.AI.Tests.Enrichment;

/// <summary>The enrichment actions' schemas before the run: typed field columns after the input's, and located column mistakes.</summary>
public sealed class RowEnrichmentSchemaTests
{
    private static SchemaCheckResult Check(AiPipelineHarness h, string yaml) =>
        StaticSchemas.Check(h.Load(yaml), h.Actions, new DatasetReader(new TableProviders()));

    [Fact]
    public async Task LlmMap_DeclaresTheInputColumnsThenOneTypedColumnPerField_ForTheNextTask()
    {
        await using var h = new AiPipelineHarness();
        h.Write("reviews.csv", "id,text\n1,great\n2,bad\n");
        var result = Check(h, """
            id: p
            models:
              m: {provider: openai, model: gpt-4, base_url: "http://127.0.0.1:9", api_key_env: SLUICE_TEST_UNSET_KEY}
            tasks:
              - id: map
                action: llm_map
                model: m
                parameters:
                  data: $ROOT/reviews.csv
                  prompt: "Review: {text}"
                  fields: {mood: {task: sentiment}, stars: {instruction: "1 to 5", type: integer}}
              - id: shape
                action: apply_transformations
                dependencies: [map]
                parameters:
                  data: "{{ map.data }}"
                  transformations: [{filter: "stars > 3 and mod == 'positive'"}]
            """);

        var schema = result.Outputs["map.data"];
        string.Join(", ", schema.Fields.Select(static f => $"{f.Name}:{f.Type}")).ShouldBe("id:int64, text:string, mood:string, stars:int64");
        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Message.ShouldBe("unknown column 'mod' (did you mean 'mood'?)");
    }

    [Fact]
    public async Task EnrichWithExternal_APromptPlaceholderThatIsNotAColumn_IsAnErrorAtThePrompt()
    {
        await using var h = new AiPipelineHarness();
        h.Write("reviews.csv", "id,text\n1,great\n");
        const string Yaml = """
            id: p
            models:
              m: {provider: openai, model: gpt-4, base_url: "http://127.0.0.1:9", api_key_env: SLUICE_TEST_UNSET_KEY}
            tasks:
              - id: enrich
                action: enrich_with_external
                model: m
                parameters:
                  data: $ROOT/reviews.csv
                  prompt: "Review: {txet}"
                  enrichment_fields: [category, id]
            """;
        var result = Check(h, Yaml);

        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Message.ShouldBe("the data already has a column 'id'");
        error.Location.Line.ShouldBe(Yaml.Split('\n').ToList().FindIndex(static l => l.Contains("enrichment_fields", StringComparison.Ordinal)) + 1);

        var typo = Check(h, Yaml.Replace("[category, id]", "[category]", StringComparison.Ordinal)).Diagnostics.ShouldHaveSingleItem();
        typo.Message.ShouldContain("'txet', which is not a column of the data");
        typo.Location.Line.ShouldBe(Yaml.Split('\n').ToList().FindIndex(static l => l.Contains("{txet}", StringComparison.Ordinal)) + 1);
        result.Outputs.ContainsKey("enrich.enriched_data").ShouldBeFalse();
    }
}
