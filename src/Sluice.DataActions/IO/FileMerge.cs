using Sluice.Data;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.DataActions.IO;

/// <summary>
/// <c>mode: merge</c> for file targets: upsert by key. A single file is rewritten atomically with the rows of the old
/// file whose key is not in the new data followed by the new rows (the last row of each key wins). A partitioned target
/// is written to a staging folder first and only the partitions the new data touches are merged and replaced; the
/// others are left as they are (so a key must always land in the same partition).
/// </summary>
internal static class FileMerge
{
    public static async Task<(long Rows, IReadOnlyList<string> Locations)> WriteAsync(IBatchSource source, string path, string format, WriteSettings settings,
        IReadOnlyList<string> keys, DatasetReader reader, CancellationToken cancellationToken)
    {
        foreach (var k in keys)
        {
            if (source.Schema.IndexOf(k) < 0)
            {
                throw new SluiceException($"merge key '{k}' is not in the data (columns: {string.Join(", ", source.Schema.Fields.Select(static f => f.Name))})");
            }
        }
        try
        {
            if (format == "sqlite")
            {
                var table = settings.Table ?? throw new SluiceException($"target '{path}' is a SQLite database; name the table ('table:')");
                var n = await SqliteTableWriter.WriteAsync(source, path, table, keys, cancellationToken).ConfigureAwait(false);
                return (n, [$"{Path.GetFullPath(path)}#{table}"]);
            }
            if (format is not ("csv" or "json" or "jsonl" or "parquet" or "arrow"))
            {
                throw new SluiceException($"mode merge is for csv, json, jsonl, parquet, arrow and sqlite targets (and database tables), not {format}");
            }
            if (settings.PartitionBy.Count == 0)
            {
                var rows = await MergeFileAsync(source, path, format, settings, keys, reader, cancellationToken).ConfigureAwait(false);
                return (rows, [Path.GetFullPath(path)]);
            }
            return await MergePartitionsAsync(source, path, format, settings, keys, reader, cancellationToken).ConfigureAwait(false);
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
    }

    /// <summary>Merges <paramref name="incoming"/> into the file <paramref name="path"/>; returns the rows the file holds afterwards.</summary>
    private static Task<long> MergeFileAsync(IBatchSource incoming, string path, string format, WriteSettings settings, IReadOnlyList<string> keys,
        DatasetReader reader, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        IBatchSource combined = incoming;
        if (File.Exists(full))
        {
            // The old file is read with the new data's columns and types, so both halves line up.
            var old = new DatasetRef
            {
                Path = full, Format = format, Kind = "source", Schema = DatasetSchema.ToList(incoming.Schema),
                Options = new Dictionary<string, object?>(StringComparer.Ordinal) { ["delimiter"] = settings.Delimiter.ToString(), ["header"] = settings.Header },
            };
            combined = UnionSource.Lazy(incoming.Schema, [() => reader.Open(old).Source, () => incoming]);
        }
        // Keeping the last row spools the whole input before the first row comes out, so the old file is read in full
        // before the new one replaces it (and the write itself is atomic).
        var merged = DataFlow.From(combined).Then(new DedupeOperator(keys, DedupeKeep.Last));
        return DatasetWriter.WriteFileAsync(merged, full, format, settings, cancellationToken);
    }

    private static async Task<(long Rows, IReadOnlyList<string> Locations)> MergePartitionsAsync(IBatchSource source, string path, string format,
        WriteSettings settings, IReadOnlyList<string> keys, DatasetReader reader, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(path);
        var staging = Path.Combine(Path.GetDirectoryName(root)!, $".{Path.GetFileName(root)}.{Guid.NewGuid():N}.merge");
        try
        {
            var (rows, written) = await PartitionedWriter.WriteAsync(source, staging, format, settings, cancellationToken).ConfigureAwait(false);
            var locations = new List<string>();
            foreach (var file in written)
            {
                var relative = Path.GetRelativePath(staging, file);
                var target = Path.Combine(root, relative);
                var staged = new DatasetRef
                {
                    Path = file, Format = format, Kind = "source",
                    Options = new Dictionary<string, object?>(StringComparer.Ordinal) { ["delimiter"] = settings.Delimiter.ToString(), ["header"] = settings.Header },
                };
                var partitionKeys = keys.Where(k => !settings.PartitionBy.Contains(k)).ToList();
                if (partitionKeys.Count == 0)
                {
                    throw new SluiceException("merge keys must include a column that is not a partition column");
                }
                var opened = reader.Open(staged).Source;
                await MergeFileAsync(opened, target, format, settings with { PartitionBy = [] }, partitionKeys, reader, cancellationToken).ConfigureAwait(false);
                locations.Add(target);
            }
            return (rows, locations);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
