using Sluice.Actions;
using Sluice.Data.Execution;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.DataActions.Scan;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Files;
using Sluice.Lineage;

namespace Sluice.DataActions.Ingest;

public sealed partial class IngestFromSourcesAction
{
    /// <summary>
    /// Reads only the files of a folder or glob that are new or changed since the task's committed mark, as one
    /// materialized dataset (the first new file's columns; the others are read with the same columns and types), and
    /// returns the new mark with the result: it is committed with the task's success, so a failed or crashed run reads
    /// the same files again and a run after a success reads nothing twice.
    /// </summary>
    private async ValueTask<ActionResult> IngestNewFilesAsync(ActionContext context, string pattern, string? format, Dictionary<string, object?> options,
        Data.Batches.Schema? schema, IReadOnlyList<string>? columns, bool byHash, CancellationToken cancellationToken)
    {
        var remote = FileStorage.IsRemote(pattern);
        var key = context.Files.Full(pattern);
        context.Files.CheckRead(DatasetArgument.Searched(key), "source");
        var patterns = format is null
            ? FormatDetector.Extensions.Where(static e => e.Value != "sqlite").SelectMany(static e => new[] { "*" + e.Key, "*" + e.Key + ".gz" }).ToList()
            : [.. FormatDetector.Extensions.Where(e => e.Value == format).SelectMany(static e => new[] { "*" + e.Key, "*" + e.Key + ".gz" })];
        IReadOnlyList<string> files;
        Dictionary<string, string> fingerprints;
        if (remote)
        {
            // Objects are fingerprinted by what the store says: LastModified and size, or the ETag (a content hash) with by: hash.
            var objects = (await context.Storage.ListAsync(pattern, recursive: false, cancellationToken).ConfigureAwait(false))
                .Where(o => patterns.Exists(p => o.Name.EndsWith(p[1..], StringComparison.OrdinalIgnoreCase))).ToList();
            files = [.. objects.Select(static o => o.Uri)];
            fingerprints = objects.ToDictionary(static o => o.Uri, o => FileMark.Fingerprint(o, byHash), StringComparer.Ordinal);
        }
        else
        {
            files = GlobMatcher.Expand(key, patterns, recursive: false);
            if (files.Count == 0 && !Directory.Exists(key) && !FileStorage.IsGlob(key))
            {
                throw new SluiceException($"incremental source '{pattern}' does not exist (looked for {key}): name a folder or a glob such as data/*.csv");
            }
            fingerprints = files.ToDictionary(static f => f, f => FileMark.Fingerprint(f, byHash), StringComparer.Ordinal);
        }
        var previous = FileMark.Parse(await context.Marks.GetAsync(key, cancellationToken).ConfigureAwait(false), pattern);
        var toRead = files.Where(f => previous.Files.GetValueOrDefault(f) != fingerprints[f]).ToList();
        context.Log.Write("info", $"incremental source {key}: {files.Count} file(s), {toRead.Count} new or changed, {files.Count - toRead.Count} read before");

        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        IReadOnlyList<(string Name, string Type)> resolved;
        var refs = new List<DatasetRef>();
        foreach (var file in toRead)
        {
            var fileRef = DatasetArgument.FromPath(file, format, new Dictionary<string, object?>(options, StringComparer.Ordinal), context, "source");
            refs.Add(columns is null ? fileRef : fileRef with { Options = Merge(fileRef.Options, new() { ["columns"] = columns.ToArray<object?>() }) });
        }
        if (refs.Count > 0)
        {
            var first = refs[0];
            resolved = DatasetSchema.ToList(schema is null ? reader.Open(first).Source.Schema : reader.Open(ProbeWithSchema(first, schema, columns)).Source.Schema);
        }
        else if (previous.Schema.Count > 0)
        {
            resolved = previous.Schema;
        }
        else
        {
            throw new SluiceException($"incremental source '{pattern}' has no files to read yet (patterns: {string.Join(" ", patterns)})");
        }

        var opened = new List<OpenedDataset>();
        var sources = refs.Select(r => (Func<IBatchSource>)(() =>
        {
            var o = reader.Open(r with { Schema = resolved }, quarantine);
            opened.Add(o);
            return o.Source;
        })).ToList();
        var artifact = await ArtifactWriter.WriteAsync(UnionSource.Lazy(DatasetSchema.FromList(resolved)!, sources), context, "raw_data", cancellationToken).ConfigureAwait(false);
        if (quarantine.Count > 0 && Args.String(context.Parameters, "error_handling", "") == "fail")
        {
            throw new SluiceException($"{quarantine.Count} malformed record(s) in the new files of {pattern} (error_handling: fail); see {quarantine.Path}");
        }

        var stats = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["path"] = key,
            ["format"] = refs.Count > 0 ? refs[0].Format : format,
            ["columns"] = resolved.Select(static s => (object?)s.Name).ToArray(),
            ["materialized"] = true,
            ["incremental"] = byHash ? "hash" : "mtime",
            ["files_read"] = (long)toRead.Count,
            ["files_skipped"] = (long)(files.Count - toRead.Count),
            ["files"] = toRead.ToArray<object?>(),
            ["rows_read"] = opened.Sum(static o => o.RecordsRead()),
            ["records_processed"] = opened.Sum(static o => o.RecordsRead()),
            ["records_failed"] = quarantine.Count,
            ["quarantine"] = quarantine.Count > 0 ? quarantine.Path : null,
        };
        var mark = new FileMark(fingerprints, resolved).ToJson();
        return new ActionResult(new Dictionary<string, object?> { ["raw_data"] = artifact, ["ingestion_stats"] = stats })
        {
            Marks = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = mark },
            // The files this run read, each as a dataset of its own (the folder parameter alone would not say which).
            Lineage = [.. refs.Select(static r => new DatasetLineage(LineageDirection.Read, r))],
        };
    }

    /// <summary>
    /// Reads the rows of a table (or any dataset) that are new since the task's committed <see cref="TableMark"/> into an
    /// artifact and returns the next mark with the result (committed with the task's success).
    /// </summary>
    private static async ValueTask<ActionResult> IngestNewRowsAsync(ActionContext context, OpenedDataset opened, DatasetRef resolved, QuarantineFile quarantine,
        string column, IReadOnlyList<string>? keys, Dictionary<string, object?> stats, CancellationToken cancellationToken)
    {
        var key = resolved.Options.GetValueOrDefault("table") is string table && resolved.Format == "sqlite" ? $"{resolved.Path}#{table}" : resolved.Path;
        var previous = TableMark.Parse(await context.Marks.GetAsync(key, cancellationToken).ConfigureAwait(false), column, key);
        var filtered = new IncrementalTableSource(opened.Source, previous, keys, key);
        var artifact = await ArtifactWriter.WriteAsync(filtered, context, "raw_data", cancellationToken).ConfigureAwait(false);
        var next = filtered.Next;
        context.Log.Write("info", $"incremental source {key}: {artifact.Rows} new row(s) by {column} (mark {previous.Value ?? "none"} → {next.Value ?? "none"})");
        if (quarantine.Count > 0 && Args.String(context.Parameters, "error_handling", "") == "fail")
        {
            throw new SluiceException($"{quarantine.Count} malformed record(s) in {key} (error_handling: fail); see {quarantine.Path}");
        }
        stats["materialized"] = true;
        stats["incremental"] = column;
        stats["records_processed"] = opened.RecordsRead();
        stats["rows_read"] = artifact.Rows;
        stats["records_failed"] = quarantine.Count;
        stats["quarantine"] = quarantine.Count > 0 ? quarantine.Path : null;
        return new ActionResult(new Dictionary<string, object?> { ["raw_data"] = artifact, ["ingestion_stats"] = stats })
        {
            Marks = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = next.ToJson() },
        };
    }
}
