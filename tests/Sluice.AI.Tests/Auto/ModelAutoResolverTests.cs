using Sluice.AI.Tests.Testing;
using Sluice.Execution;

namespace Sluice.AI.Tests.Auto;

/// <summary><c>&lt;AUTO&gt;</c> through a real run: the model first, then the hint's words, then the action's heuristic.</summary>
public sealed class ModelAutoResolverTests
{
    // One symmetric numeric column: the action's own heuristic would pick zscore, the hint names iqr.
    private static readonly string Data = "amount\n" + string.Join("\n", Enumerable.Range(1, 30)) + "\n";

    private const string WithModel = """
        id: auto_model
        models:
          analyst:
            provider: openai
            model: gpt-test
            temperature: 0.1
            base_url: $STUB
            api_key_env: SLUICE_TEST_UNSET_KEY
            retry_delay_ms: 0
            max_retries: 0
        tasks:
          - id: detect
            action: run_anomaly_detection
            model: analyst
            parameters:
              data: $ROOT/data.csv
              method: <AUTO>use the iqr method</AUTO>
        """;

    private static async Task<(RunOutcome Outcome, string Method, IReadOnlyList<string> Auto)> RunAsync(AiPipelineHarness h, string yaml)
    {
        h.Write("data.csv", Data);
        var outcome = await h.RunAsync(h.Load(yaml));
        outcome.State.ShouldBe(Sluice.State.RunState.Succeeded);
        var stats = (await h.OutputsAsync(outcome, "detect")).GetProperty("stats");
        var auto = (await h.LogsAsync(outcome, "auto")).Select(static l => l.Text).ToList();
        return (outcome, stats.GetProperty("method").GetString()!, auto);
    }

    [Fact]
    public async Task ReachableModel_ChoosesTheValue_FromTheParameterSchemaHintAndDataProfile()
    {
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "isolation_forest", reason = "the model's reason" }));
        await using var h = new AiPipelineHarness(stub.BaseUrl);

        var (outcome, method, auto) = await RunAsync(h, WithModel);

        method.ShouldBe("isolation_forest");
        auto.ShouldHaveSingleItem().ShouldBe("AUTO method = isolation_forest — model analyst (openai/gpt-test): the model's reason [tokens 11 in, 7 out]");
        var r = stub.Requests.ShouldHaveSingleItem();
        (r.Model, r.Temperature, r.ResponseFormatType).ShouldBe(("gpt-test", 0.1, "json_schema"));
        r.Schema!.Value.GetProperty("properties").GetProperty("value").GetProperty("enum").EnumerateArray().Select(static v => v.GetString()).ShouldBe(["zscore", "iqr", "isolation_forest"]);
        r.User.ShouldContain("Hint from the pipeline's author: use the iqr method");
        r.User.ShouldContain("Parameter: method (string)");
        r.User.ShouldContain("- amount: int64");
        r.User.ShouldContain("min 1, max 30");
        (await h.LogsAsync(outcome, "usage")).ShouldHaveSingleItem().Text.ShouldContain("requests=1 cached=0 retries=0 failed=0 input_tokens=11 output_tokens=7");
    }

    [Fact]
    public async Task ModelAnswerOutsideTheAllowedValues_IsAskedAgainOnce_ThenTheHintDecides()
    {
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "median", reason = "r" }));
        await using var h = new AiPipelineHarness(stub.BaseUrl);

        var (_, method, auto) = await RunAsync(h, WithModel);

        stub.Count.ShouldBe(2);
        method.ShouldBe("iqr");
        var line = auto.ShouldHaveSingleItem();
        line.ShouldStartWith("AUTO method = iqr — heuristic: the hint names 'iqr' (model analyst (openai/gpt-test):");
        line.ShouldContain("\"median\" is not one of zscore, iqr, isolation_forest");
    }

    [Fact]
    public async Task MalformedModelAnswer_FallsBackToTheHint()
    {
        await using var stub = new OpenAiStub((_, _) => new StubReply(Content: "{\"value\": \"iq"));
        await using var h = new AiPipelineHarness(stub.BaseUrl);

        var (_, method, auto) = await RunAsync(h, WithModel);

        stub.Count.ShouldBe(2);
        method.ShouldBe("iqr");
        auto.ShouldHaveSingleItem().ShouldContain("the answer is not JSON");
    }

    [Fact]
    public async Task UnreachableModel_FallsBackToTheActionsHeuristic_WhenTheHintNamesNothing()
    {
        await using var stub = new OpenAiStub((_, _) => new StubReply(500));
        await using var h = new AiPipelineHarness(stub.BaseUrl);

        var (_, method, auto) = await RunAsync(h, WithModel.Replace("use the iqr method", "pick what suits the data", StringComparison.Ordinal));

        stub.Count.ShouldBe(1);
        method.ShouldBe("zscore");
        auto.ShouldHaveSingleItem().ShouldBe("AUTO method (\"pick what suits the data\"): the action's heuristic chooses (model analyst (openai/gpt-test): HTTP 500)");
    }

    [Fact]
    public async Task NoModel_TheHintNamingAnAllowedValue_Decides()
    {
        await using var h = new AiPipelineHarness();
        var yaml = WithModel.Replace("    model: analyst\n", "", StringComparison.Ordinal);

        var (_, method, auto) = await RunAsync(h, yaml);

        method.ShouldBe("iqr");
        auto.ShouldHaveSingleItem().ShouldBe("AUTO method = iqr — heuristic: the hint names 'iqr' (the task has no model)");
    }

    [Fact]
    public async Task ModelWithoutKeyOnThePublicEndpoint_IsNotCalled_AndSaysWhy()
    {
        await using var h = new AiPipelineHarness("https://api.openai.com/v1");

        var (_, method, auto) = await RunAsync(h, WithModel);

        method.ShouldBe("iqr");
        auto.ShouldHaveSingleItem().ShouldContain("no API key for model 'analyst': set the environment variable SLUICE_TEST_UNSET_KEY");
    }

    [Fact]
    public async Task SecondRun_TakesTheModelsAnswerFromTheCache()
    {
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "isolation_forest", reason = "because" }));
        await using var h = new AiPipelineHarness(stub.BaseUrl);

        await RunAsync(h, WithModel);
        var (_, method, auto) = await RunAsync(h, WithModel);

        stub.Count.ShouldBe(1);
        method.ShouldBe("isolation_forest");
        auto.ShouldHaveSingleItem().ShouldContain("because (cached answer)");
    }
}
