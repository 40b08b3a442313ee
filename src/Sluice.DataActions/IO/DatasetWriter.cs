using Sluice.Data;
using Sluice.Data.Arrow;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Data.Parquet;
using Sluice.Diagnostics;
using Sluice.Files;

namespace Sluice.DataActions.IO;

/// <summary>
/// Writes a stream to a file or table, atomically: CSV, JSON, JSON Lines, Parquet and Arrow IPC go to a temporary file renamed over the
/// target once complete; SQLite to a new table swapped in by one transaction; partitioned output to a staging folder
/// swapped in once every partition is written. A failed write leaves the previous target (or none), never a partial one.
/// A target in an object store (<c>s3://bucket/key</c>) is written to a local staging file and then uploaded (in parts
/// when large): the object appears whole when the upload completes. A partitioned target there uploads every partition
/// file, then deletes the objects of the previous write that were not replaced.
/// </summary>
public static class DatasetWriter
{
    /// <summary>The formats a dataset can be written as.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["csv", "json", "jsonl", "parquet", "arrow", "sqlite"];

    /// <summary>Writes <paramref name="source"/> to a local file or folder; returns the rows and the files (or <c>path#table</c>) written.</summary>
    /// <exception cref="SluiceException">Bad settings (permanent) or an I/O error (transient).</exception>
    public static Task<(long Rows, IReadOnlyList<string> Locations)> WriteAsync(IBatchSource source, string path, string format, WriteSettings? settings = null, CancellationToken cancellationToken = default) =>
        WriteAsync(source, path, format, settings, FileStorage.Local, cancellationToken);

    /// <summary>Writes <paramref name="source"/> to a local path or an object in <paramref name="storage"/>; returns the rows and the files (or <c>path#table</c>) written.</summary>
    /// <exception cref="SluiceException">Bad settings (permanent) or an I/O or object-store error (transient).</exception>
    public static async Task<(long Rows, IReadOnlyList<string> Locations)> WriteAsync(IBatchSource source, string path, string format, WriteSettings? settings, FileStorage storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(storage);
        settings ??= new WriteSettings();
        if (!Formats.Contains(format))
        {
            throw new SluiceException($"cannot write format '{format}' (formats: {string.Join(", ", Formats)})");
        }

        if (FileStorage.IsRemote(path))
        {
            return await WriteRemoteAsync(source, path, format, settings, storage, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (settings.PartitionBy.Count > 0)
            {
                if (format == "sqlite")
                {
                    throw new SluiceException("partition_by is not supported for sqlite targets; use one table per target");
                }

                return await PartitionedWriter.WriteAsync(source, path, format, settings, cancellationToken).ConfigureAwait(false);
            }

            if (format == "sqlite")
            {
                var table = settings.Table ?? throw new SluiceException($"target '{path}' is a SQLite database; name the table ('table:')");
                var n = await SqliteTableWriter.WriteAsync(source, path, table, cancellationToken).ConfigureAwait(false);
                return (n, [$"{Path.GetFullPath(path)}#{table}"]);
            }

            var rows = await WriteFileAsync(source, path, format, settings, cancellationToken).ConfigureAwait(false);
            return (rows, [Path.GetFullPath(path)]);
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SluiceException($"cannot write '{path}': {ex.Message}", isTransient: true, ex);
        }
    }

    private static async Task<(long Rows, IReadOnlyList<string> Locations)> WriteRemoteAsync(IBatchSource source, string uri, string format, WriteSettings settings, FileStorage storage, CancellationToken cancellationToken)
    {
        if (format == "sqlite")
        {
            throw new SluiceException($"'{uri}': SQLite targets must be local files (a database is changed in place, an object is replaced whole); write csv, json, jsonl or parquet to an object store");
        }
        var root = uri.TrimEnd('/');
        var staging = Path.Combine(storage.CacheFolder, "uploads", Guid.NewGuid().ToString("N"));
        var local = Path.Combine(staging, root[(root.LastIndexOf('/') + 1)..]);
        try
        {
            var (rows, written) = await WriteAsync(source, local, format, settings, FileStorage.Local, cancellationToken).ConfigureAwait(false);
            if (settings.PartitionBy.Count == 0)
            {
                await storage.UploadAsync(local, root, cancellationToken).ConfigureAwait(false);
                return (rows, [root]);
            }
            var uploaded = new List<string>();
            foreach (var file in written)
            {
                var target = root + "/" + Path.GetRelativePath(local, file).Replace(Path.DirectorySeparatorChar, '/');
                await storage.UploadAsync(file, target, cancellationToken).ConfigureAwait(false);
                uploaded.Add(target);
            }
            // The previous write's partitions that this one did not produce go only after the new ones are all there.
            var keep = uploaded.ToHashSet(StringComparer.Ordinal);
            foreach (var stale in await storage.ListAsync(root + "/", recursive: true, cancellationToken).ConfigureAwait(false))
            {
                if (!keep.Contains(stale.Uri) && stale.Uri.AsSpan(root.Length + 1).Contains('='))
                {
                    await storage.DeleteAsync(stale.Uri, cancellationToken).ConfigureAwait(false);
                }
            }
            return (rows, uploaded);
        }
        finally
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover staging folder in the cache is harmless.
            }
        }
    }

    /// <summary>Writes one file of a non-table format.</summary>
    internal static Task<long> WriteFileAsync(IBatchSource source, string path, string format, WriteSettings settings, CancellationToken cancellationToken) => format switch
    {
        "csv" => CsvWriter.WriteAsync(source, path, new CsvWriteOptions { Delimiter = settings.Delimiter, Header = settings.Header }, cancellationToken),
        "json" => JsonWriter.WriteAsync(source, path, JsonFormat.Array, cancellationToken),
        "arrow" => ArrowIpcWriter.WriteAsync(source, path, cancellationToken),
        "parquet" => ParquetWriter.WriteAsync(source, path, new ParquetWriteOptions { Compression = settings.Compression }, cancellationToken),
        _ => JsonWriter.WriteAsync(source, path, JsonFormat.Lines, cancellationToken),
    };
}
