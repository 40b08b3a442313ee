using Sluice.Data.Arrow;
using Sluice.Data.Csv;

namespace Sluice.DataActions.Tests.Testing;

/// <summary>
/// Reads a dataset file as text: an Arrow artifact (what tasks write for each other) is shown as the CSV the
/// artifact used to be (header, comma, canonical values), any other file as it is. Tests assert on the rows a task
/// produced without depending on the binary format.
/// </summary>
internal static class ArtifactFile
{
    public static string ReadAllText(string path) => ReadAllTextAsync(path).GetAwaiter().GetResult();

    public static string[] ReadAllLines(string path) => ReadAllLinesAsync(path).GetAwaiter().GetResult();

    public static async Task<string[]> ReadAllLinesAsync(string path, CancellationToken cancellationToken = default) =>
        (await ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n') is var lines && lines[^1].Length == 0 ? lines[..^1] : lines;

    public static async Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var head = new byte[6];
        await using (var file = File.OpenRead(path))
        {
            await file.ReadAtLeastAsync(head, 6, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (!ArrowIpcSource.IsArrowFile(head))
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var csv = Path.Combine(Path.GetTempPath(), $"sluice-artifact-{Guid.NewGuid():N}.csv");
        try
        {
            await CsvWriter.WriteAsync(ArrowIpcSource.Open(path), csv, new CsvWriteOptions(), cancellationToken).ConfigureAwait(false);
            return await File.ReadAllTextAsync(csv, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
