using System.Text.Json;
using Sluice.AI.Tests.Testing;
using Sluice.Server.Metrics;
using Sluice.Server.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests.Metrics;

/// <summary>What runs spend on models reaches the run's API view (with its <c>&lt;AUTO&gt;</c> decisions) and <c>/metrics</c>.</summary>
public sealed class ModelMetricsTests
{
    private const string Pipeline = """
        id: enriched
        inputs:
          data: {type: string}
        models:
          analyst:
            provider: openai
            model: gpt-test
            base_url: $STUB
            api_key_env: SLUICE_TEST_UNSET_KEY
            input_cost_per_million_tokens: 1000
            output_cost_per_million_tokens: 2000
        tasks:
          - id: detect
            action: run_anomaly_detection
            parameters:
              data: "{{ inputs.data }}"
              method: <AUTO>not zscore; use the iqr method</AUTO>
          - id: enrich
            action: enrich_with_external
            model: analyst
            parameters:
              data: "{{ inputs.data }}"
              enrichment_fields: [category]
        """;

    [PromtoolFact]
    public async Task Runs_WithModels_ShowDecisionsUsageAndCost_InApiAndMetrics()
    {
        await using var stub = new OpenAiStub();
        await using var server = await ServerHarness.StartAsync(new() { ["enriched.yaml"] = Pipeline.Replace("$STUB", stub.BaseUrl, StringComparison.Ordinal) });
        var data = Path.Combine(server.Root, "data.csv");
        await File.WriteAllTextAsync(data, "amount\n" + string.Join("\n", Enumerable.Range(1, 12)) + "\n");
        var recorder = server.Services.GetRequiredService<RunOutputRecorder>();

        var first = await server.StartRunAsync("enriched", new { data });
        (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        var second = await server.StartRunAsync("enriched", new { data });
        (await server.WaitForRunAsync(second)).GetProperty("state").GetString().ShouldBe("succeeded");
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(recorder.Recorded == 2 ? true : null), 30, "both runs' usage to be recorded");

        var run = await server.GetJsonAsync($"api/runs/{first}");
        var decision = run.GetProperty("auto_decisions").EnumerateArray().ShouldHaveSingleItem();
        decision.GetProperty("task").GetString().ShouldBe("detect");
        decision.GetProperty("parameter").GetString().ShouldBe("method");
        decision.GetProperty("value").GetString().ShouldBe("iqr");
        decision.GetProperty("source").GetString().ShouldBe("heuristic");
        var usage = run.GetProperty("model_usage");
        // The stub answers every request with 11 prompt and 7 completion tokens; two requests per run (12 rows, batches of 10).
        (usage.GetProperty("requests").GetInt64(), usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()).ShouldBe((2L, 22L, 14L));
        usage.GetProperty("cost").GetDouble().ShouldBe((22 * 1000 + 14 * 2000) / 1e6, 1e-12);
        usage.GetProperty("by_model").GetProperty("gpt-test").GetProperty("requests").GetInt64().ShouldBe(2);

        var text = await server.Client.GetStringAsync("metrics");
        // The second run asked nothing: its answer came from the response cache.
        PrometheusScrape.Value(text, "sluice_model_requests_total", ("pipeline", "enriched"), ("model", "gpt-test")).ShouldBe(2);
        PrometheusScrape.Value(text, "sluice_model_cached_total", ("pipeline", "enriched"), ("model", "gpt-test")).ShouldBe(2);
        PrometheusScrape.Value(text, "sluice_model_tokens_total", ("pipeline", "enriched"), ("model", "gpt-test"), ("direction", "input")).ShouldBe(22);
        PrometheusScrape.Value(text, "sluice_model_tokens_total", ("pipeline", "enriched"), ("model", "gpt-test"), ("direction", "output")).ShouldBe(14);
        PrometheusScrape.Value(text, "sluice_model_cost_total", ("pipeline", "enriched"), ("model", "gpt-test")).ShouldNotBeNull().ShouldBe((22 * 1000 + 14 * 2000) / 1e6, 1e-12);
        stub.Count.ShouldBe(2);
        var (code, output) = await MetricsTests.PromtoolAsync(text);
        code.ShouldBe(0, output);
        JsonSerializer.Serialize(run).ShouldNotContain("SLUICE_TEST_UNSET_KEY=");
    }
}
