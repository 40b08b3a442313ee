using Sluice.Actions;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.DataActions.IO;
using Sluice.Datasets;

namespace Sluice.DataActions.Common;

/// <summary>
/// Writes a dataset into the attempt's artifact folder as CSV and returns its handle (schema and row count included);
/// with an artifact store (<see cref="Files.FileStorage.ArtifactStore"/>) the file is published there and the handle
/// names the object, so a task on another machine reads it.
/// </summary>
internal static class ArtifactWriter
{
    public static async Task<DatasetRef> WriteAsync(IBatchSource source, ActionContext context, string name, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(context.ArtifactDirectory, name + ".csv"));
        var rows = await CsvWriter.WriteAsync(source, path, new CsvWriteOptions(), cancellationToken).ConfigureAwait(false);
        return new DatasetRef
        {
            Path = await context.Storage.PublishArtifactAsync(path, cancellationToken).ConfigureAwait(false),
            Format = "csv",
            Kind = "artifact",
            Rows = rows,
            Schema = DatasetSchema.ToList(source.Schema),
            Options = new Dictionary<string, object?>(StringComparer.Ordinal) { ["delimiter"] = ",", ["header"] = true },
        };
    }
}
