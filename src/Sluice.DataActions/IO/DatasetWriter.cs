using Sluice.Data;
using Sluice.Data.Arrow;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Data.Parquet;
using Sluice.Diagnostics;

namespace Sluice.DataActions.IO;

/// <summary>
/// Writes a stream to a file or table, atomically: CSV, JSON, JSON Lines, Parquet and Arrow IPC go to a temporary file renamed over the
/// target once complete; SQLite to a new table swapped in by one transaction; partitioned output to a staging folder
/// swapped in once every partition is written. A failed write leaves the previous target (or none), never a partial one.
/// </summary>
public static class DatasetWriter
{
    /// <summary>The formats a dataset can be written as.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["csv", "json", "jsonl", "parquet", "arrow", "sqlite"];

    /// <summary>Writes <paramref name="source"/>; returns the rows and the files (or <c>path#table</c>) written.</summary>
    /// <exception cref="SluiceException">Bad settings (permanent) or an I/O error (transient).</exception>
    public static async Task<(long Rows, IReadOnlyList<string> Locations)> WriteAsync(IBatchSource source, string path, string format, WriteSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        settings ??= new WriteSettings();
        if (!Formats.Contains(format))
        {
            throw new SluiceException($"cannot write format '{format}' (formats: {string.Join(", ", Formats)})");
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
