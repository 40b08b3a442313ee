using System.Text.Json;
using Sluice.Data.Json;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Testing;

/// <summary>
/// The end of a <see cref="PipelineTest"/> run: the run's state, task states, outputs and result, and the workspace
/// folder the run used (its fixtures and the files the pipeline wrote). Disposing deletes the workspace.
/// </summary>
public sealed class PipelineTestResult : IDisposable
{
    internal PipelineTestResult(RunOutcome outcome, string workspace)
    {
        Outcome = outcome;
        Workspace = workspace;
    }

    /// <summary>The run as the engine ended it.</summary>
    public RunOutcome Outcome { get; }

    /// <summary>Succeeded, failed or cancelled.</summary>
    public RunState State => Outcome.State;

    /// <summary>Final state per task id.</summary>
    public IReadOnlyDictionary<string, TaskState> Tasks => Outcome.Tasks;

    /// <summary>The first failure of the run, or null.</summary>
    public string? Error => Outcome.Error;

    /// <summary>The folder the pipeline ran in: relative paths in the pipeline resolve here.</summary>
    public string Workspace { get; }

    /// <summary>The value of <paramref name="output"/> of <paramref name="taskId"/>, or null when the task has no such output.</summary>
    public object? Output(string taskId, string output) =>
        Outcome.Outputs.GetValueOrDefault(taskId) is IReadOnlyDictionary<string, object?> map ? map.GetValueOrDefault(output) : null;

    /// <summary>
    /// The rows of a dataset output, each a map of column name to value (long, decimal, double, bool, string or null;
    /// dates and timestamps as ISO strings), in the dataset's order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The output is not a dataset.</exception>
    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string taskId, string output, CancellationToken cancellationToken = default) =>
        Output(taskId, output) is DatasetRef dataset
            ? ReadRowsAsync(dataset, cancellationToken)
            : throw new InvalidOperationException($"{taskId}.{output} is not a dataset output (it is {Describe(Output(taskId, output))})");

    /// <summary>The rows of <paramref name="dataset"/>, as <see cref="ReadRowsAsync(string, string, CancellationToken)"/> returns them.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(DatasetRef dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var opened = new DatasetReader(new TableProviders()).Open(dataset);
        var file = Path.Combine(Workspace, ".sluice", $"rows-{Guid.NewGuid():N}.jsonl");
        await JsonWriter.WriteAsync(opened.Source, file, JsonFormat.Lines, cancellationToken).ConfigureAwait(false);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            rows.Add(doc.RootElement.EnumerateObject().ToDictionary(static p => p.Name, static p => Plain(p.Value), StringComparer.Ordinal));
        }
        File.Delete(file);
        return rows;
    }

    /// <summary>Deletes the workspace.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere (a virus scanner, an editor) leaves the temp folder behind; nothing to fail for.
        }
    }

    internal static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(),
    };

    private static string Describe(object? value) => value switch
    {
        null => "missing",
        IReadOnlyDictionary<string, object?> => "a map",
        _ => $"a {value.GetType().Name}",
    };
}
