using System.Globalization;
using System.Text.Json;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Anomalies;

/// <summary><c>provider: local</c> models of <c>run_anomaly_detection</c>: fitted and saved when the file is missing, loaded after.</summary>
public sealed class LocalModelTests
{
    private const string Values = "id,v,w\n1,1,5\n2,2,4\n3,3,6\n4,4,5\n5,5,4\n6,6,6\n7,7,5\n8,8,4\n9,9,6\n10,10,5\n11,100,50\n";

    private static string Pipeline(string model, string parameters = "") => """
        id: local_models
        inputs:
          data: {type: string}
        models:
          detector: MODEL
        tasks:
          - id: detect
            action: run_anomaly_detection
            model: detector
            parameters:
              data: "{{ inputs.data }}"
              columns: [v, w]
        PARAMETERS
            outputs: [anomalies, anomaly_scores, normal_data, stats]
        """.Replace("MODEL", model, StringComparison.Ordinal).Replace("PARAMETERS", parameters, StringComparison.Ordinal);

    private static IReadOnlyDictionary<string, object?> Detect(Sluice.Execution.RunOutcome outcome) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs["detect"]!;

    private static Task<string> ScoresAsync(Sluice.Execution.RunOutcome outcome) =>
        ArtifactFile.ReadAllTextAsync(((DatasetRef)Detect(outcome)["anomaly_scores"]!).Path);

    [Fact]
    public async Task ZScore_MissingFile_IsFittedAndSaved_ThenNewDataIsScoredWithTheSavedStatistics()
    {
        await using var h = new DataPipelineHarness();
        var first = h.Write("first.csv", Values);
        var second = h.Write("second.csv", "id,v,w\n1,50,5\n");
        var model = h.File("models/detector.json");
        var definition = h.Load(Pipeline($"{{provider: local, model: zscore, path: \"{model}\"}}"));

        var fit = await h.RunAsync(definition, new Dictionary<string, object?> { ["data"] = first });
        var scored = await h.RunAsync(definition, new Dictionary<string, object?> { ["data"] = second });

        fit.State.ShouldBe(RunState.Succeeded, fit.Error);
        scored.State.ShouldBe(RunState.Succeeded, scored.Error);
        using var saved = JsonDocument.Parse(await ArtifactFile.ReadAllTextAsync(model));
        saved.RootElement.GetProperty("format").GetString().ShouldBe("sluice-anomaly-model");
        saved.RootElement.GetProperty("method").GetString().ShouldBe("zscore");
        saved.RootElement.GetProperty("fitted_rows").GetInt64().ShouldBe(11);
        // v over the first file: mean 155/11, population std 27.3045269156 (numpy.std).
        var v = saved.RootElement.GetProperty("column_stats").GetProperty("v");
        v.GetProperty("mean").GetDouble().ShouldBe(155.0 / 11, 1e-12);
        v.GetProperty("std").GetDouble().ShouldBe(27.304526915561905, 1e-12);
        // A single row has no spread of its own: only the saved model can score it. |50 − 14.0909| / 27.3045 = 1.3151.
        var row = (await ScoresAsync(scored)).Split('\n')[1].Split(',');
        double.Parse(row[3], CultureInfo.InvariantCulture).ShouldBeGreaterThan(1.3151);
        double.Parse(row[3], CultureInfo.InvariantCulture).ShouldBeLessThan(1.3152);
        var stats = (IReadOnlyDictionary<string, object?>)Detect(scored)["stats"]!;
        ((IReadOnlyDictionary<string, object?>)stats["model"]!)["fitted"].ShouldBe(false);
    }

    [Fact]
    public async Task IsolationForest_SecondRunLoadsTheFile_AndScoresExactlyAsTheFirstAndAsAForestWithoutAFile()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("in.csv", Values);
        var model = h.File("models/forest.pkl");
        var withFile = h.Load(Pipeline($"{{provider: local, model: isolation_forest, path: \"{model}\"}}", "      seed: 7"));
        var withoutFile = h.Load(Pipeline("{provider: local, model: isolation_forest}", "      seed: 7"));
        var inputs = new Dictionary<string, object?> { ["data"] = data };

        var fitted = await h.RunAsync(withFile, inputs);
        var modelText = await ArtifactFile.ReadAllTextAsync(model);
        var loaded = await h.RunAsync(withFile, inputs);
        var plain = await h.RunAsync(withoutFile, inputs);

        fitted.State.ShouldBe(RunState.Succeeded, fitted.Error);
        loaded.State.ShouldBe(RunState.Succeeded, loaded.Error);
        (await ArtifactFile.ReadAllTextAsync(model)).ShouldBe(modelText);
        (await ScoresAsync(loaded)).ShouldBe(await ScoresAsync(fitted));
        (await ScoresAsync(plain)).ShouldBe(await ScoresAsync(fitted));
        ((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)Detect(loaded)["stats"]!)["model"]!)["fitted"].ShouldBe(false);
        (await ArtifactFile.ReadAllTextAsync(((DatasetRef)Detect(loaded)["anomalies"]!).Path)).ShouldStartWith("id,v,w,anomaly_score\n11,100,50,");
    }

    [Fact]
    public async Task PythonPickle_FailsWithAnErrorThatSaysHowToExport()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("in.csv", Values);
        var model = h.File("anomaly_detector.pkl");
        await File.WriteAllBytesAsync(model, [0x80, 0x04, 0x95, 0x10, 0x00]);

        var outcome = await h.RunAsync(h.Load(Pipeline($"{{provider: local, model: isolation_forest, path: \"{model}\"}}")), new Dictionary<string, object?> { ["data"] = data });

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "detect");
        error.ShouldStartWith($"model file '{model}' is not a Sluice model file (it is a Python pickle): Sluice does not load pickles");
        error.ShouldContain("Export the fitted parameters to Sluice's JSON model format (docs/actions.md#local-models), or delete the file");
    }

    [Fact]
    public async Task MethodThatContradictsTheModel_FailsNamingBoth()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("in.csv", Values);

        var outcome = await h.RunAsync(h.Load(Pipeline("{provider: local, model: iqr}", "      method: zscore")), new Dictionary<string, object?> { ["data"] = data });

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "detect")).ShouldBe("task 'detect' sets method 'zscore', but its model 'detector' is iqr; remove one of them");
    }
}
