using Sluice.Actions;
using Sluice.Data.Arrow;
using Sluice.Data.Execution;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Common;

/// <summary>
/// The one place a task writes a dataset for downstream tasks: an Arrow IPC file (<c>NAME.arrow</c>, dictionary-encoded
/// strings) in the attempt's artifact folder, read back by memory-mapping (<see cref="ArrowIpcSource"/>) instead of
/// being parsed again. Returns its handle (format <c>arrow</c>, schema and row count included). Handles stored by older
/// runs name CSV artifacts; <see cref="DatasetReader"/> still reads those, so a resumed run keeps working. With an artifact
/// store (<see cref="Files.FileStorage.ArtifactStore"/>) the file is published there and the handle names the object,
/// so a task on another machine reads it.
/// </summary>
internal static class ArtifactWriter
{
    /// <summary>The format of the datasets tasks write for each other.</summary>
    public const string Format = "arrow";

    public static async Task<DatasetRef> WriteAsync(IBatchSource source, ActionContext context, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(context.ArtifactDirectory);
        var path = Path.GetFullPath(Path.Combine(context.ArtifactDirectory, name + "." + Format));
        long rows;
        try
        {
            rows = await ArrowIpcWriter.WriteAsync(source, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SluiceException($"cannot write the artifact '{path}': {ex.Message}", isTransient: true, ex);
        }

        return new DatasetRef
        {
            Path = await context.Storage.PublishArtifactAsync(path, cancellationToken).ConfigureAwait(false),
            Format = Format,
            Kind = "artifact",
            Rows = rows,
            Schema = DatasetSchema.ToList(source.Schema),
        };
    }
}
