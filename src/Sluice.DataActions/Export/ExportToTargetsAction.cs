using Sluice.Actions;
using Sluice.Data.Parquet;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.DataActions.Export;

/// <summary>
/// <c>export_to_targets</c>: writes a dataset to one or more targets — CSV, JSON, JSON Lines, Parquet files, SQLite tables or
/// tables of a registered database such as PostgreSQL (<c>{connection, table, mode}</c>),
/// optionally partitioned into <c>key=value/</c> folders. Every write is atomic: a failure leaves no partial target
/// that looks complete.
/// </summary>
public sealed partial class ExportToTargetsAction(DatasetReader reader) : DataAction
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "export_to_targets",
        "Writes a dataset to targets: CSV, JSON, JSON Lines, Parquet files or SQLite tables, optionally partitioned into key=value/ folders. Each target is a path, a map {path, format, table, partition_by, delimiter, header, compression, mode: replace|merge, key}, or a database table {connection, table, mode: create|append|replace|merge, key}. mode: merge upserts by key (a file is rewritten with the old rows whose key is not in the data plus the data; a partitioned folder replaces only the partitions the data touches). Writes are atomic (temporary file or table, then rename).",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to write.", Required: true),
            new ParameterSpec("targets", ParameterType.Any, "A path, or a list of paths or maps {path, format, table, partition_by, delimiter, header, compression (Parquet: snappy, zstd, gzip or none), mode (replace or merge; the default is replace), key (the merge key column or columns)} or {connection, table, mode (create, append, replace or merge; the default is replace), key (of merge)}.", Required: true),
            new ParameterSpec("format", ParameterType.String, "The format of targets that do not name one. <AUTO> chooses by each target's extension (.csv, .json, .jsonl/.ndjson, .parquet, .arrow/.feather, .db/.sqlite; else csv).", Default: "auto", AllowedValues: ["auto", "csv", "json", "jsonl", "parquet", "arrow", "sqlite"], SupportsAuto: true),
            new ParameterSpec("partitioning", ParameterType.Any, "Columns to partition every target by (a name or a list); a target's own partition_by wins."),
        ],
        [
            new OutputSpec("export_locations", "The files (or path#table) written, over all targets."),
            new OutputSpec("export_stats", "rows (of the dataset) and per target: path, format, rows, files."),
        ]);

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = DatasetArgument.Resolve(context.Get("data"), "data", context);
        var targets = context.Get("targets") switch
        {
            string s => [s],
            IReadOnlyList<object?> list => list,
            IReadOnlyDictionary<string, object?> map => [map],
            var v => throw new SluiceException($"parameter 'targets' must be a path or a list of targets, got {ExprValues.TypeName(v)}"),
        };
        var defaultFormat = context.Get("format") is string f and not "auto" ? f : null;
        var partitioning = context.Get("partitioning") switch
        {
            null or AutoValue => [],
            IReadOnlyDictionary<string, object?> m => Args.Strings(m, "by", "partitioning: ") ?? [],
            _ => Args.Strings(context.Parameters, "partitioning", "") ?? [],
        };

        var locations = new List<object?>();
        var perTarget = new List<object?>();
        var lineage = new List<Lineage.DatasetLineage> { new(Lineage.LineageDirection.Read, data) };
        long rows = 0;
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        for (var i = 0; i < targets.Count; i++)
        {
            var where = $"targets[{i}]: ";
            var target = targets[i] switch
            {
                string s => new Dictionary<string, object?> { ["path"] = s },
                IReadOnlyDictionary<string, object?> m => m,
                var v => throw new SluiceException($"{where}must be a path or a map with 'path', got {ExprValues.TypeName(v)}"),
            };
            if (target.ContainsKey("connection"))
            {
                var (tableRows, location, tableFormat) = await WriteTableAsync(data, target, where, quarantine, cancellationToken).ConfigureAwait(false);
                rows = tableRows;
                locations.Add(location);
                perTarget.Add(new Dictionary<string, object?> { ["path"] = location, ["format"] = tableFormat, ["rows"] = tableRows, ["files"] = 1L });
                lineage.Add(Written(data, location, tableFormat, tableRows));
                context.Log.Write("info", $"wrote {tableRows} rows to {location}");
                continue;
            }

            var given = Args.String(target, "path", where) ?? throw new SluiceException($"{where}needs 'path' (or 'connection' and 'table' for a database table)");
            context.Files.CheckWrite(given, where.TrimEnd(' ', ':'));
            var path = context.Files.Full(given);
            var format = Args.String(target, "format", where) ?? defaultFormat ?? ByExtension(given, context.Log);
            var settings = new WriteSettings
            {
                Delimiter = Args.String(target, "delimiter", where) is { Length: 1 } d ? d[0] : ',',
                Header = Args.Bool(target, "header", where) ?? true,
                Table = Args.String(target, "table", where) ?? (format == "sqlite" ? Path.GetFileNameWithoutExtension(path) : null),
                PartitionBy = Args.Strings(target, "partition_by", where) ?? partitioning,
                Compression = Args.String(target, "compression", where) switch
                {
                    null or "snappy" => ParquetCompression.Snappy,
                    "gzip" => ParquetCompression.Gzip,
                    "zstd" => ParquetCompression.Zstd,
                    "none" or "uncompressed" => ParquetCompression.Uncompressed,
                    var c => throw new SluiceException($"{where}compression '{c}' is not one of snappy, zstd, gzip, none"),
                },
            };
            var opened = reader.Open(data, quarantine);
            var (n, written) = Args.String(target, "mode", where) switch
            {
                null or "replace" => await DatasetWriter.WriteAsync(opened.Source, path, format, settings, context.Storage, cancellationToken).ConfigureAwait(false),
                "merge" when FileStorage.IsRemote(path) => throw new SluiceException($"{where}mode: merge needs a local file or folder; '{path}' is in an object store (write it with mode: replace)"),
                "merge" => await FileMerge.WriteAsync(opened.Source, path, format, settings, MergeKeys(target, where), reader, cancellationToken).ConfigureAwait(false),
                var m => throw new SluiceException($"{where}mode '{m}' of a file target is not one of replace, merge"),
            };
            rows = n;
            locations.AddRange(written);
            var shown = path;
            perTarget.Add(new Dictionary<string, object?> { ["path"] = shown, ["format"] = format, ["rows"] = n, ["files"] = written.Count });
            lineage.Add(Written(data with { Schema = DatasetSchema.ToList(opened.Source.Schema) }, shown, format, n));
            context.Log.Write("info", $"wrote {n} rows to {given} ({format}{(settings.PartitionBy.Count > 0 ? $", {written.Count} partitions" : "")})");
        }

        var stats = new Dictionary<string, object?> { ["rows"] = rows, ["targets"] = perTarget.ToArray(), ["quarantined"] = quarantine.Count };
        return new ActionResult(new Dictionary<string, object?> { ["export_locations"] = locations.ToArray(), ["export_stats"] = stats }) { Lineage = lineage };
    }

    /// <summary>A target as lineage: every column copied from the input.</summary>
    private static Lineage.DatasetLineage Written(Datasets.DatasetRef data, string location, string format, long rows)
    {
        var input = Lineage.LineageCapture.Identity(data);
        var target = new Datasets.DatasetRef { Path = location, Format = format, Rows = rows, Schema = data.Schema, Kind = "export" };
        return new Lineage.DatasetLineage(Lineage.LineageDirection.Write, target)
        {
            Columns = data.Schema.ToDictionary(c => c.Name, c => (IReadOnlyList<Lineage.ColumnOrigin>)[new Lineage.ColumnOrigin(input, c.Name, "export")], StringComparer.Ordinal),
        };
    }

    private async Task<(long Rows, string Location, string Format)> WriteTableAsync(Datasets.DatasetRef data, IReadOnlyDictionary<string, object?> target, string where,
        QuarantineFile quarantine, CancellationToken cancellationToken)
    {
        var connection = Args.String(target, "connection", where) ?? throw new SluiceException($"{where}'connection' is null");
        var provider = reader.Tables.ForConnection(connection) ?? throw new SluiceException(TableProviders.NoProvider(where));
        var table = Args.String(target, "table", where) ?? throw new SluiceException($"{where}a {provider.DisplayName} target needs 'table'");
        var mode = Args.String(target, "mode", where) switch
        {
            null or "replace" => TableWriteMode.Replace,
            "create" => TableWriteMode.Create,
            "append" => TableWriteMode.Append,
            "merge" => TableWriteMode.Merge,
            var m => throw new SluiceException($"{where}mode '{m}' is not one of create, append, replace, merge"),
        };
        var keys = mode == TableWriteMode.Merge ? MergeKeys(target, where) : [];
        var opened = reader.Open(data, quarantine);
        try
        {
            var (rows, location) = await provider.WriteAsync(opened.Source, connection, table, mode, keys, cancellationToken).ConfigureAwait(false);
            return (rows, location, provider.Format);
        }
        catch (Data.DataException ex)
        {
            throw new SluiceException(where + ex.Message, ex.IsTransient, ex);
        }
    }

    private static IReadOnlyList<string> MergeKeys(IReadOnlyDictionary<string, object?> target, string where) =>
        Args.Strings(target, "key", where) is { Count: > 0 } keys ? keys : throw new SluiceException($"{where}mode merge needs 'key': the column (or list of columns) that identifies a row");

    private static string ByExtension(string path, ITaskLog log)
    {
        var format = FormatDetector.Extensions.GetValueOrDefault(Path.GetExtension(path)) ?? "csv";
        log.Write("info", $"AUTO format of target '{path}': {format} (from the extension '{Path.GetExtension(path)}')");
        return format;
    }
}
