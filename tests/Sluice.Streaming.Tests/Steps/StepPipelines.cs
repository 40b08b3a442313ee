using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Steps;

/// <summary>Runs a one-file pipeline in a temp folder: <c>DIR/</c> in the YAML stands for the folder.</summary>
internal static class StepPipelines
{
    public static async Task<IReadOnlyDictionary<string, object?>> RunAsync(TempDirectory dir, string yaml, string task)
    {
        File.WriteAllText(dir.File("pipeline.yaml"), yaml.Replace("DIR/", dir.Path + "/", StringComparison.Ordinal));
        var result = await SluicePipelines.ExecuteAsync(dir.File("pipeline.yaml"), null, new PipelineExecutionOptions { Store = dir.File("sluice.db") });
        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        var outputs = (IReadOnlyDictionary<string, object?>)result.Outcome.Outputs[task]!;
        return (IReadOnlyDictionary<string, object?>)outputs["stats"]!;
    }

    /// <summary>The error of a pipeline that does not load (located file:line:col) or whose run fails.</summary>
    public static async Task<string?> FailAsync(TempDirectory dir, string yaml)
    {
        File.WriteAllText(dir.File("pipeline.yaml"), yaml.Replace("DIR/", dir.Path + "/", StringComparison.Ordinal));
        try
        {
            var result = await SluicePipelines.ExecuteAsync(dir.File("pipeline.yaml"), null, new PipelineExecutionOptions { Store = dir.File("sluice.db") });
            result.Outcome.State.ShouldBe(Sluice.State.RunState.Failed);
            return result.Outcome.Error;
        }
        catch (Sluice.Diagnostics.SluiceException ex) when (ex.Message.Contains("does not load", StringComparison.Ordinal))
        {
            return ex.Message;
        }
    }
}
