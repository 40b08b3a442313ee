using Sluice.Hosting.Library;
using Sluice.State;

namespace LibraryMode;

/// <summary>
/// Runs <c>pipeline.yaml</c> (or the file given) over a folder of order files from C#, printing progress and errors as
/// they happen and the processing report at the end: <c>dotnet run --project examples/library-mode -- DATA_DIR OUT_DIR</c>.
/// </summary>
public static class Program
{
    /// <summary>The entry point: <c>DATA_DIR OUT_DIR [PIPELINE] [STORE]</c>; returns 0 when the run succeeded.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: LibraryMode DATA_DIR OUT_DIR [PIPELINE] [STORE]");
            return 2;
        }

        var pipeline = args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "pipeline.yaml");
        try
        {
            return await RunAsync(pipeline, args[0], args[1], args.Length > 3 ? args[3] : null, Console.Out);
        }
        catch (Sluice.Diagnostics.SluiceException ex)
        {
            // A pipeline that does not load, an invalid input or a store that cannot be opened: the message says which and where.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    /// <summary>Runs <paramref name="pipeline"/> with the two inputs and writes what happens to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(string pipeline, string dataDir, string outDir, string? store, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // The seed's execute_pipeline(path, inputs, progress_callback, error_callback), in C#:
        var result = await SluicePipelines.ExecuteAsync(
            pipeline,
            new Dictionary<string, object?> { ["data_dir"] = dataDir, ["out_dir"] = outDir },
            new PipelineExecutionOptions
            {
                Store = store,
                OnProgress = p => output.WriteLine($"[{p.TasksDone}/{p.TaskCount}] {p.TaskId}{(p.MapIndex >= 0 ? $"[{p.MapIndex}]" : "")}: {p.State.ToName()}"),
                OnError = e => output.WriteLine($"error in {e.TaskId} (attempt {e.Attempt}): {e.Message}"),
            });

        output.WriteLine($"run {result.Outcome.RunId}: {result.Outcome.State.ToName()}");
        if (result.Report is { } report)
        {
            output.WriteLine($"records processed: {report.RecordsProcessed}, failed: {report.RecordsFailed}, anomalies: {report.Anomalies} ({report.AnomalyPercent:0.00}%), quality: {report.QualityScore:P1}");
            foreach (var location in report.OutputLocations)
            {
                output.WriteLine($"output: {location}");
            }
        }

        return result.Outcome.State == RunState.Succeeded ? 0 : 1;
    }
}
