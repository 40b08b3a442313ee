using System.Text.Json;
using Sluice.AI.Tests.Testing;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice show RUN</c> (text and JSON) lists a run's <c>&lt;AUTO&gt;</c> decisions and what it spent on models.</summary>
public sealed class AutoDecisionsCliTests : IDisposable
{
    private const string Pipeline = """
        id: auto_show
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
              data: data.csv
              method: <AUTO>use the iqr method</AUTO>
          - id: enrich
            action: enrich_with_external
            model: analyst
            parameters:
              data: data.csv
              enrichment_fields: [category]
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Show_ListsAutoDecisions_AndModelUsage()
    {
        await using var stub = new OpenAiStub();
        await File.WriteAllTextAsync(_dir.File("data.csv"), "amount\n" + string.Join("\n", Enumerable.Range(1, 12)) + "\n");
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Pipeline.Replace("$STUB", stub.BaseUrl, StringComparison.Ordinal));
        var run = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml");
        run.ExitCode.ShouldBe(0, run.ToString());
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        using var list = JsonDocument.Parse(runs.Stdout);
        var id = list.RootElement[0].GetProperty("run_id").GetString()!;

        var text = await SluiceCli.RunAsync(_dir.Path, "show", id);
        var json = await SluiceCli.RunAsync(_dir.Path, "show", id, "--json");

        stub.Count.ShouldBe(2);
        text.Stdout.ShouldContain("<AUTO> decisions", Case.Sensitive, text.ToString());
        text.Stdout.ShouldContain("detect: AUTO method = iqr — heuristic: the hint names 'iqr' (the task has no model)");
        text.Stdout.ShouldContain("models  2 requests, 0 cached, 0 failed, tokens 22 in / 14 out, cost 0.05");
        using var report = JsonDocument.Parse(json.Stdout);
        var decision = report.RootElement.GetProperty("auto_decisions").EnumerateArray().ShouldHaveSingleItem();
        decision.GetProperty("task").GetString().ShouldBe("detect");
        decision.GetProperty("decision").GetString()!.ShouldStartWith("AUTO method = iqr");
        (decision.GetProperty("parameter").GetString(), decision.GetProperty("value").GetString(), decision.GetProperty("source").GetString())
            .ShouldBe(("method", "iqr", "heuristic"));
        decision.GetProperty("reason").GetString().ShouldBe("the hint names 'iqr' (the task has no model)");
        var usage = report.RootElement.GetProperty("model_usage");
        (usage.GetProperty("requests").GetInt64(), usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()).ShouldBe((2L, 22L, 14L));
        // 22 prompt tokens at 1000 per million and 14 completion tokens at 2000 per million.
        usage.GetProperty("cost").GetDouble().ShouldBe(0.05, 1e-12);
        usage.GetProperty("by_model").GetProperty("gpt-test").GetProperty("input_tokens").GetInt64().ShouldBe(22);
    }
}
