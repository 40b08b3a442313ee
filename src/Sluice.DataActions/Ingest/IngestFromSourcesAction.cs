using Sluice.Actions;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.DataActions.IO.Http;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.DataActions.Ingest;

/// <summary>
/// <c>ingest_from_sources</c>: checks a source (CSV, JSON, JSON Lines, Parquet file/glob/folder, SQLite table, a table or
/// query of a registered database such as PostgreSQL; gzip detected), resolves its schema
/// from the header and a sample (or the given <c>schema</c>), and returns a <c>source</c> dataset handle that downstream
/// tasks stream, so the raw file is read once. With <c>materialize: true</c> it copies the data into an artifact
/// instead (counting rows and quarantining malformed records).
/// </summary>
public sealed partial class IngestFromSourcesAction(DatasetReader reader) : DataAction
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "ingest_from_sources",
        "Opens a source (CSV, JSON array, JSON Lines, Arrow IPC (Feather v2), Parquet — a file, a glob such as data/*.parquet or a folder — or a SQLite table; gzip detected), resolves its schema from the header and a sample, and outputs a dataset handle that downstream tasks stream. materialize: true copies the data into an artifact, quarantining malformed records.",
        [
            new ParameterSpec("source", ParameterType.Any, "A path, a map {path, format, table, ...}, a database map {connection, table or query}, or a dataset handle (such as an item of scan_data_sources.source_list).", Required: true),
            new ParameterSpec("format", ParameterType.String, "csv, json, jsonl, parquet, arrow (Arrow IPC / Feather v2) or sqlite. <AUTO> detects it from the extension, then the first bytes (PAR1 for Parquet, ARROW1 for Arrow).", Default: "auto", AllowedValues: ["auto", "csv", "json", "jsonl", "parquet", "arrow", "sqlite"], SupportsAuto: true),
            new ParameterSpec("compression", ParameterType.String, "none or gzip. <AUTO> detects gzip by its magic bytes.", Default: "auto", AllowedValues: ["auto", "none", "gzip"], SupportsAuto: true),
            new ParameterSpec("delimiter", ParameterType.String, "The CSV delimiter. <AUTO> sniffs , ; tab | from the first lines.", SupportsAuto: true),
            new ParameterSpec("header", ParameterType.Boolean, "Whether a CSV file starts with a header row. The default is true, or the `header` of a `source:` map."),
            new ParameterSpec("schema", ParameterType.Map, "Types for some or all columns, such as {amount: decimal(2)}; the rest are inferred from a sample."),
            new ParameterSpec("columns", ParameterType.List, "The columns to keep, in order (the others are never parsed). The default is all."),
            new ParameterSpec("table", ParameterType.String, "The table of a SQLite or database source."),
            new ParameterSpec("chunk_size", ParameterType.Integer, "About how many records each parallel chunk holds (CSV chunks are cut at about 128 bytes per record). The default is 32768."),
            new ParameterSpec("error_handling", ParameterType.String, "skip_corrupted: malformed records go to quarantine; fail: one fails the task (with materialize). The default is skip_corrupted.", Default: "skip_corrupted", AllowedValues: ["skip_corrupted", "fail"]),
            new ParameterSpec("materialize", ParameterType.Boolean, "Copy the data into a CSV artifact now instead of streaming the source later. The default is false.", Default: false),
            new ParameterSpec("incremental", ParameterType.Any, "Read only what is new since the task's last success: true or {by: mtime|hash} for a folder or glob of files (new or changed files, by size and modification time or by content hash); {column, key} for a table (rows whose column is >= the last value read, minus the rows at that value already read, identified by key — the default key is the whole row). The mark is committed with the task's success; `sluice run --full-refresh` starts over. The default is false."),
        ],
        [
            new OutputSpec("raw_data", "The dataset handle (a source reference, or an artifact when materialized)."),
            new OutputSpec("ingestion_stats", "path, format, compression, bytes, columns, and with materialize: records_processed, records_failed, quarantine."),
        ]);

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.Parameters;
        var options = new Dictionary<string, object?>(StringComparer.Ordinal);
        var format = Args.String(p, "format", "") is { } f and not "auto" ? f : null;
        if (Args.String(p, "compression", "") is { } c and not "auto")
        {
            options["gzip"] = c == "gzip";
        }

        if (Args.String(p, "delimiter", "") is { } d)
        {
            options["delimiter"] = d is "\\t" or "tab" ? "\t" : d;
        }

        if (Args.Bool(p, "header", "") is { } header)
        {
            options["header"] = header;
        }

        if (Args.String(p, "table", "") is { } table)
        {
            options["table"] = table;
        }

        options["chunk_size"] = Math.Max(64 << 10, (Args.Long(p, "chunk_size", "") ?? 32768) * 128);
        var schemaParameter = DatasetSchema.FromParameter(p.GetValueOrDefault("schema") is AutoValue ? null : p.GetValueOrDefault("schema"), "schema");
        if (IncrementalFiles(context) is { } byHash)
        {
            var pattern = context.Get("source") switch
            {
                string s => s,
                IReadOnlyDictionary<string, object?> m when m.GetValueOrDefault("path") is string s => s,
                var v => throw new SluiceException($"parameter 'incremental' reads a folder or glob of files: 'source' must be a path, got {ExprValues.TypeName(v)}"),
            };
            return await IngestNewFilesAsync(context, pattern, format, options, schemaParameter, Args.Strings(p, "columns", ""), byHash, cancellationToken).ConfigureAwait(false);
        }

        var source = context.Get("source") switch
        {
            DatasetRef r => WithOverrides(DatasetArgument.CheckRead(r, "source", context), format, options),
            string url when HttpSourceSettings.IsUrl(url) => WithOverrides(DatasetArgument.Resolve(url, "source", context), format, options),
            string path when (format is null or "parquet") && ParquetDatasetSource.IsMultiFile(path) => ParquetFiles(path, options, context),
            string path => DatasetArgument.FromPath(path, format, options, context, "source"),
            IReadOnlyDictionary<string, object?> map when map.ContainsKey("connection") => DatabaseTable(map, options),
            IReadOnlyDictionary<string, object?> map => WithOverrides(DatasetArgument.Resolve(map, "source", context), format, options),
            var v => DatasetArgument.Resolve(v, "source", context),
        };
        var schema = schemaParameter;
        var columns = Args.Strings(p, "columns", "");
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var probe = source with { Schema = [], Options = columns is null ? source.Options : Merge(source.Options, new() { ["columns"] = columns.ToArray<object?>() }) };
        // A JSON API is fetched once per open and reads a partial schema itself (unlisted keys keep their inferred types).
        var isHttp = source.Format == HttpSourceSettings.Format;
        var opened = reader.Open(schema is null ? probe : isHttp ? probe with { Schema = DatasetSchema.ToList(schema) } : ProbeWithSchema(probe, schema, columns), quarantine);
        var resolved = source with { Schema = DatasetSchema.ToList(opened.Source.Schema) };
        var stats = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["path"] = resolved.Path,
            ["format"] = resolved.Format,
            ["compression"] = resolved.Options.GetValueOrDefault("gzip") is true ? "gzip" : "none",
            ["bytes"] = File.Exists(resolved.Path) ? new FileInfo(resolved.Path).Length : null,
            ["columns"] = resolved.Schema.Select(static s => (object?)s.Name).ToArray(),
            ["materialized"] = context.Get("materialize") is true || isHttp,
        };
        context.Log.Write("info", $"source {resolved.Path}: {resolved.Format}, columns {string.Join(", ", resolved.Schema.Select(static s => $"{s.Name}:{s.Type}"))}");
        // An API answer is a snapshot: it is written once, so every reader downstream sees the same records.
        if (context.Get("incremental") is IReadOnlyDictionary<string, object?> byColumn && Args.String(byColumn, "column", "incremental: ") is { } markColumn)
        {
            return await IngestNewRowsAsync(context, opened, resolved, quarantine, markColumn, Args.Strings(byColumn, "key", "incremental: "), stats, cancellationToken).ConfigureAwait(false);
        }

        if (context.Get("materialize") is not true && !isHttp)
        {
            return new ActionResult(new Dictionary<string, object?> { ["raw_data"] = resolved, ["ingestion_stats"] = stats });
        }

        var artifact = await ArtifactWriter.WriteAsync(opened.Source, context, "raw_data", cancellationToken).ConfigureAwait(false);
        stats["records_processed"] = opened.RecordsRead();
        stats["records_failed"] = quarantine.Count;
        stats["quarantine"] = quarantine.Count > 0 ? quarantine.Path : null;
        if (quarantine.Count > 0 && Args.String(p, "error_handling", "") == "fail")
        {
            throw new SluiceException($"{quarantine.Count} malformed record(s) in {resolved.Path} (error_handling: fail); see {quarantine.Path}");
        }

        return new ActionResult(new Dictionary<string, object?> { ["raw_data"] = artifact, ["ingestion_stats"] = stats });
    }

    /// <summary>For <c>incremental: true</c> or <c>{by: mtime|hash}</c>: whether files are compared by hash; null when not incremental.</summary>
    private static bool? IncrementalFiles(ActionContext context) => context.Get("incremental") switch
    {
        null or false => null,
        true => false,
        IReadOnlyDictionary<string, object?> m when m.ContainsKey("column") => null,
        IReadOnlyDictionary<string, object?> m => Args.String(m, "by", "incremental: ") switch
        {
            null or "mtime" => false,
            "hash" => true,
            var by => throw new SluiceException($"incremental: 'by' is '{by}'; use mtime (size and modification time) or hash (content)"),
        },
        var v => throw new SluiceException($"parameter 'incremental' must be true, false or a map {{by: mtime|hash}}, got {ExprValues.TypeName(v)}"),
    };

    private DatasetRef DatabaseTable(IReadOnlyDictionary<string, object?> map, Dictionary<string, object?> options)
    {
        var connection = Args.String(map, "connection", "source: ") ?? throw new SluiceException("source: 'connection' is null");
        var provider = reader.Tables.ForConnection(connection) ?? throw new SluiceException(TableProviders.NoProvider("source: "));
        var table = Args.String(map, "table", "source: ") ?? options.GetValueOrDefault("table") as string;
        return provider.Reference(connection, table, Args.String(map, "query", "source: "));
    }

    private static DatasetRef ParquetFiles(string path, Dictionary<string, object?> options, ActionContext context)
    {
        var log = context.Log;
        path = context.Files.Full(path);
        DatasetArgument.CheckRead(new DatasetRef { Path = path, Format = "parquet" }, "source", context);
        if (FileStorage.IsRemote(path))
        {
            // Listed when it is read, on whichever machine reads it.
            log.Write("info", $"source '{path}': the Parquet objects under it, read in key order as one dataset");
            return new DatasetRef { Path = path, Format = "parquet", Options = options, Kind = "source" };
        }
        // A glob or folder is one dataset only for Parquet (one schema across files, like a partitioned export).
        var files = ParquetDatasetSource.Expand(path);
        foreach (var file in files)
        {
            context.Files.CheckRead(file, "source");
        }
        if (files.Count == 0)
        {
            throw new SluiceException($"'{path}' matches no Parquet file" + (Directory.Exists(path) ? " (a folder of other files is scanned with scan_data_sources)" : ""));
        }

        log.Write("info", $"source '{path}': {files.Count} Parquet file(s), read in path order as one dataset");
        return new DatasetRef { Path = path, Format = "parquet", Options = options, Kind = "source" };
    }

    private DatasetRef ProbeWithSchema(DatasetRef probe, Data.Batches.Schema schema, IReadOnlyList<string>? columns)
    {
        // Types given for some columns: open once to learn every column, then fix the given ones.
        // A database provider takes the partial schema directly: a column it cannot type itself may be one the schema types.
        var all = reader.Tables.ForFormat(probe.Format) is { } provider
            ? provider.Open(probe, schema, null, null).Source.Schema
            : reader.Open(probe).Source.Schema;
        var fields = all.Fields.Select(f => schema.IndexOf(f.Name) is var i and >= 0 ? schema[i] : f).ToList();
        var chosen = columns is null ? fields : [.. columns.Select(c => fields.Find(f => f.Name == c) ?? throw new SluiceException($"column '{c}' is not in {probe.Path}"))];
        return probe with { Schema = [.. chosen.Select(static f => (f.Name, f.Type.ToString()))] };
    }

    private static DatasetRef WithOverrides(DatasetRef source, string? format, Dictionary<string, object?> options) =>
        source with { Format = format ?? source.Format, Options = Merge(source.Options, options) };

    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> a, Dictionary<string, object?> b)
    {
        var result = new Dictionary<string, object?>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            result[k] = v;
        }

        return result;
    }
}
