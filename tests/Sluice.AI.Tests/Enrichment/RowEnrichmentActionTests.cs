using Sluice.AI.Tests.Testing;
using Sluice.State;

namespace Sluice.AI.Tests.Enrichment;

public sealed class RowEnrichmentActionTests
{
    private static readonly string Reviews = "id,text\n" + string.Join("\n", Enumerable.Range(0, 25).Select(static i => $"{i},review number {i}")) + "\n";

    // seed 000's enrich_data task, with the model pointed at the stub.
    private const string Enrich = """
        id: enrich
        models:
          data_analyzer:
            provider: openai
            model: gpt-4
            temperature: 0.1
            base_url: $STUB
            api_key_env: SLUICE_TEST_UNSET_KEY
            retry_delay_ms: 0
        tasks:
          - id: enrich_data
            action: enrich_with_external
            model: data_analyzer
            parameters:
              data: $ROOT/reviews.csv
              enrichment_sources: <AUTO>Identify relevant external data sources</AUTO>
              enrichment_fields: ["location", "category", "sentiment"]
        """;

    [Fact]
    public async Task EnrichWithExternal_BatchesRows_AndAddsOneTypedColumnPerField()
    {
        await using var stub = new OpenAiStub();
        await using var h = new AiPipelineHarness(stub.BaseUrl);
        h.Write("reviews.csv", Reviews);

        var outcome = await h.RunAsync(h.Load(Enrich));

        stub.HandlerErrors.ShouldBeEmpty();
        outcome.State.ShouldBe(RunState.Succeeded);
        stub.Requests.Select(static r => r.Rows.Count).Order().ShouldBe([5, 10, 10]);
        var r = stub.Requests[0];
        (r.Model, r.Temperature, r.ResponseFormatType).ShouldBe(("gpt-4", 0.1, "json_schema"));
        var item = r.Schema!.Value.GetProperty("properties").GetProperty("rows").GetProperty("items");
        item.GetProperty("required").EnumerateArray().Select(static v => v.GetString()).ShouldBe(["_row", "location", "category", "sentiment"]);
        item.GetProperty("properties").GetProperty("sentiment").GetProperty("enum").Compact().ShouldBe("""["positive","neutral","negative",null]""");
        r.Rows[0].GetProperty("columns").GetProperty("text").GetString()!.ShouldStartWith("review number");

        var outputs = await h.OutputsAsync(outcome, "enrich_data");
        var rows = AiPipelineHarness.ReadRows(outputs.GetProperty("enriched_data"));
        rows.Count.ShouldBe(25);
        rows.ShouldAllBe(static row => row["sentiment"] == "positive" && row["location"].StartsWith('v'));
        rows.Select(static row => row["id"]).ShouldBe(Enumerable.Range(0, 25).Select(static i => i.ToString()));
        var stats = outputs.GetProperty("enrichment_stats");
        (stats.GetProperty("requests").GetInt64(), stats.GetProperty("enriched_rows").GetInt64(), stats.GetProperty("failed_rows").GetInt64()).ShouldBe((3L, 25L, 0L));
        (stats.GetProperty("input_tokens").GetInt64(), stats.GetProperty("output_tokens").GetInt64(), stats.GetProperty("total_tokens").GetInt64()).ShouldBe((33L, 21L, 54L));
        stats.GetProperty("enriched").GetBoolean().ShouldBeTrue();
        (await h.LogsAsync(outcome, "usage")).ShouldHaveSingleItem().Text.ShouldBe("model=gpt-4 requests=3 cached=0 retries=0 failed=0 input_tokens=33 output_tokens=21");
        (await h.LogsAsync(outcome, "info")).ShouldContain(l => l.Text.StartsWith("enrichment_sources <AUTO>: model", StringComparison.Ordinal));
        // The run's processing report carries the same totals.
        var report = await Sluice.DataActions.Reporting.ProcessingReport.BuildAsync(h.Store, outcome.RunId, TimeProvider.System);
        report.ShouldNotBeNull().ModelUsage.ShouldBe(new Sluice.State.ModelUsage(3, 0, 0, 33, 21));
    }

    [Fact]
    public async Task ReRun_SendsZeroRequests_AndWritesTheSameValues()
    {
        await using var stub = new OpenAiStub();
        await using var h = new AiPipelineHarness(stub.BaseUrl);
        h.Write("reviews.csv", Reviews);
        var first = await h.RunAsync(h.Load(Enrich));
        var firstRows = AiPipelineHarness.ReadRows((await h.OutputsAsync(first, "enrich_data")).GetProperty("enriched_data"));
        stub.Count.ShouldBe(3);

        var second = await h.RunAsync(h.Load(Enrich));

        second.State.ShouldBe(RunState.Succeeded);
        stub.Count.ShouldBe(3);
        var outputs = await h.OutputsAsync(second, "enrich_data");
        AiPipelineHarness.ReadRows(outputs.GetProperty("enriched_data")).ShouldBe(firstRows);
        var stats = outputs.GetProperty("enrichment_stats");
        (stats.GetProperty("requests").GetInt64(), stats.GetProperty("cached").GetInt64(), stats.GetProperty("total_tokens").GetInt64()).ShouldBe((0L, 3L, 0L));
    }

    [Fact]
    public async Task NoReachableModel_RunCompletes_FieldsAreNull_AndTheTaskWarns()
    {
        await using var h = new AiPipelineHarness("https://api.openai.com/v1");
        h.Write("reviews.csv", Reviews);

        var outcome = await h.RunAsync(h.Load(Enrich));

        outcome.State.ShouldBe(RunState.Succeeded);
        var outputs = await h.OutputsAsync(outcome, "enrich_data");
        var rows = AiPipelineHarness.ReadRows(outputs.GetProperty("enriched_data"));
        rows.Count.ShouldBe(25);
        rows.ShouldAllBe(static row => row["location"] == "" && row["category"] == "" && row["sentiment"] == "");
        var stats = outputs.GetProperty("enrichment_stats");
        stats.GetProperty("enriched").GetBoolean().ShouldBeFalse();
        (stats.GetProperty("requests").GetInt64(), stats.GetProperty("enriched_rows").GetInt64()).ShouldBe((0L, 0L));
        var warning = (await h.LogsAsync(outcome, "stderr")).ShouldHaveSingleItem().Text;
        warning.ShouldStartWith("warning: not enriched: no API key for model 'data_analyzer': set the environment variable SLUICE_TEST_UNSET_KEY");
        stats.GetProperty("warnings")[0].GetString().ShouldBe(warning["warning: ".Length..]);
    }

    private const string Map = """
        id: map
        models:
          analyst:
            provider: openai
            model: gpt-test
            base_url: $STUB
            api_key: "{{ secret('SLUICE_TEST_AI_KEY') }}"
            retry_delay_ms: 0
            max_retries: 0
            breaker_failures: 100
        tasks:
          - id: classify
            action: llm_map
            model: analyst
            parameters:
              data: $ROOT/reviews.csv
              prompt: "Customer review #{id}: {text}"
              batch_size: 4
              fields:
                product: {task: extract, what: "the product name"}
                topic: {task: categorize, labels: [billing, shipping, quality]}
                gist: {task: summarize, max_words: 8}
                mood: {task: sentiment}
                stars: {instruction: "the star rating given", type: integer}
        """;

    [Fact]
    public async Task LlmMap_SchemaViolatingAnswersLeaveThoseRowsNull_AndAreCountedAndWarned()
    {
        Environment.SetEnvironmentVariable("SLUICE_SECRET_SLUICE_TEST_AI_KEY", "sk-secret-value-42");
        // Rows 0-3 always get a label outside the allowed ones; every other request is answered correctly.
        await using var stub = new OpenAiStub((r, _) =>
        {
            var valid = OpenAiStub.Valid(r);
            return r.Rows[0].GetProperty("text").GetString()!.StartsWith("Customer review #0:", StringComparison.Ordinal)
                ? valid with { Content = valid.Content!.Replace("\"billing\"", "\"weather\"", StringComparison.Ordinal) }
                : valid;
        });
        await using var h = new AiPipelineHarness(stub.BaseUrl);
        h.Write("reviews.csv", Reviews);

        var outcome = await h.RunAsync(h.Load(Map));

        outcome.State.ShouldBe(RunState.Succeeded);
        stub.Count.ShouldBe(8); // 7 batches of at most 4 rows, the bad one asked twice
        stub.Requests.ShouldAllBe(static r => r.Authorization == "Bearer sk-secret-value-42");
        var item = stub.Requests[0].Schema!.Value.GetProperty("properties").GetProperty("rows").GetProperty("items").GetProperty("properties");
        item.GetProperty("topic").GetProperty("enum").Compact().ShouldBe("""["billing","shipping","quality",null]""");
        item.GetProperty("stars").GetProperty("type").Compact().ShouldBe("""["integer","null"]""");
        stub.Requests[0].User.ShouldContain("gist (string): a summary of the row in at most 8 words");
        var outputs = await h.OutputsAsync(outcome, "classify");
        var rows = AiPipelineHarness.ReadRows(outputs.GetProperty("data"));
        rows.Take(4).ShouldAllBe(static row => row["topic"] == "" && row["stars"] == "");
        rows.Skip(4).ShouldAllBe(static row => row["topic"] == "billing" && row["mood"] == "positive" && row["stars"] != "");
        var stats = outputs.GetProperty("stats");
        (stats.GetProperty("failed_rows").GetInt64(), stats.GetProperty("enriched_rows").GetInt64(), stats.GetProperty("enriched").GetBoolean()).ShouldBe((4L, 21L, false));
        var warning = (await h.LogsAsync(outcome, "stderr")).ShouldHaveSingleItem().Text;
        warning.ShouldContain("4 rows not enriched: row 0: 'topic' is \"weather\", not one of billing, shipping, quality");
        (await h.Store.GetLogsAsync(outcome.RunId)).ShouldAllBe(static l => !l.Text.Contains("sk-secret-value-42"));
        Environment.SetEnvironmentVariable("SLUICE_SECRET_SLUICE_TEST_AI_KEY", null);
    }

    [Fact]
    public async Task LlmMap_WithoutModel_FailsWithAMessageSayingWhatToAdd()
    {
        await using var h = new AiPipelineHarness();
        h.Write("reviews.csv", Reviews);

        var outcome = await h.RunAsync(h.Load(Map.Replace("    model: analyst\n", "", StringComparison.Ordinal)));

        outcome.State.ShouldBe(RunState.Failed);
        (await h.TaskAsync(outcome, "classify")).Error!.ShouldContain("add 'model: NAME' naming an entry of 'models:' with provider openai");
    }
}
