using Sluice.DataActions.Reporting;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Execution;

namespace Sluice.Hosting.Library;

/// <summary>
/// Library mode: run a pipeline file from C# in one call, as <c>sluice run</c> does (seed 000's
/// <c>execute_pipeline(path, inputs, progress_callback, error_callback)</c>).
/// </summary>
/// <example>
/// <code>
/// var result = await SluicePipelines.ExecuteAsync("pipeline.yaml", new Dictionary&lt;string, object?&gt; { ["mode"] = "batch" },
///     new PipelineExecutionOptions { OnProgress = p => Console.WriteLine($"{p.TaskId}: {p.State}"), OnError = e => Console.Error.WriteLine(e.Message) });
/// </code>
/// </example>
public static class SluicePipelines
{
    /// <summary>
    /// Loads and validates <paramref name="pipelinePath"/>, binds <paramref name="inputs"/>, opens the store, runs the
    /// pipeline to its end with every action the CLI has, and returns the outcome with the processing report (also
    /// saved as <c>processing_report.json</c> in the run's artifact folder). A failed run is a result, not an exception.
    /// Cancelling <paramref name="cancellationToken"/> cancels the run, which is recorded as cancelled.
    /// </summary>
    /// <param name="pipelinePath">The pipeline YAML file.</param>
    /// <param name="inputs">Input values by name (null for none), converted by the inputs' declared types.</param>
    /// <param name="options">Store, callbacks and limits; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="SluiceException">The file does not load (the message lists every located error with its hint), an input is invalid, or the store cannot be opened.</exception>
    public static async Task<PipelineExecutionResult> ExecuteAsync(string pipelinePath, IReadOnlyDictionary<string, object?>? inputs = null,
        PipelineExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelinePath);
        options ??= new PipelineExecutionOptions();
        var loaded = PipelineLoader.LoadFile(pipelinePath, SluiceActions.Create());
        if (!loaded.Success)
        {
            throw new SluiceException($"{pipelinePath} does not load; nothing was run:\n{string.Join("\n", loaded.Errors)}");
        }

        var definition = loaded.Definition!;
        var given = inputs ?? new Dictionary<string, object?>();
        var bound = InputBinder.Bind(definition, given, out var errors);
        var undeclared = options.StrictInputs ? InputBinder.Undeclared(definition, given.Keys) : [];
        if (errors.Count > 0 || undeclared.Count > 0)
        {
            throw new SluiceException($"invalid inputs for {pipelinePath}: {string.Join("; ", errors.Concat(undeclared))}");
        }

        await using var store = await SluiceStores.OpenAsync(SluiceStores.Resolve(options.Store), null, cancellationToken).ConfigureAwait(false);
        var executor = new RunExecutor(store.State, SluiceActions.Create(store), new ExecutorOptions
        {
            ArtifactRoot = store.ArtifactRoot,
            Storage = store.Storage,
            MaxParallelTasks = options.MaxParallelTasks,
            Observer = new CallbackObserver(options),
        });
        var version = loaded.ToVersion(Path.GetFullPath(pipelinePath), TimeProvider.System.GetUtcNow());
        var outcome = await executor.RunAsync(definition, version, bound, cancellationToken).ConfigureAwait(false);
        var report = await ProcessingReport.BuildAsync(store.State, outcome.RunId, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        if (report is not null)
        {
            await report.SaveAsync(store.ArtifactRoot, options.ReportPath, CancellationToken.None).ConfigureAwait(false);
        }

        return new PipelineExecutionResult(outcome, report, [.. loaded.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Warning)]);
    }
}
