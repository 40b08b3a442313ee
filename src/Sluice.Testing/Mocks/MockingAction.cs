using System.Text.Json;
using Sluice.Actions;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.Testing.Mocks;

/// <summary>
/// An action whose mocked tasks return canned outputs and whose other tasks run the real action. It keeps the real
/// action's descriptor, so the pipeline validates as it is and templates downstream see the same output names.
/// </summary>
internal sealed class MockingAction(IAction inner, IReadOnlyDictionary<string, TaskMock> byTask) : IAction
{
    public ActionDescriptor Descriptor => inner.Descriptor;

    public ResourceAppetite Appetite => inner.Appetite;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!byTask.TryGetValue(context.TaskId, out var mock))
        {
            return await inner.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
        if (mock.Error is { } error)
        {
            throw new SluiceException(error);
        }
        var outputs = new Dictionary<string, object?>(mock.Outputs, StringComparer.Ordinal);
        foreach (var (name, rows) in mock.Datasets)
        {
            outputs[name] = await WriteAsync(context.ArtifactDirectory, name, rows, cancellationToken).ConfigureAwait(false);
        }
        return new ActionResult(outputs);
    }

    private static async Task<DatasetRef> WriteAsync(string folder, string name, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, $"{name}.mock.jsonl"));
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await JsonSerializer.SerializeAsync(stream, row, cancellationToken: cancellationToken).ConfigureAwait(false);
                stream.WriteByte((byte)'\n');
            }
        }
        return new DatasetRef { Path = path, Format = "jsonl", Rows = rows.Count, Kind = "artifact" };
    }
}
