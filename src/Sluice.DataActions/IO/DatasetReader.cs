using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Arrow;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Data.Quarantine;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO.Http;
using Sluice.DataActions.Quality;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.DataActions.IO;

/// <summary>
/// Opens a <see cref="DatasetRef"/> as a stream of batches (a union handle of <see cref="DatasetArgument"/> as its parts, one after another): CSV (options <c>delimiter</c>, <c>header</c>, <c>gzip</c>,
/// <c>quoted_newlines</c>, <c>chunk_size</c>, <c>infer: {decimals: float}</c>), JSON array, JSON Lines, JSON APIs over HTTP (see <see cref="HttpSourceSettings"/>),
/// Parquet (a file, a glob or a folder of files), Arrow IPC files (Feather v2, memory-mapped),
/// SQLite tables (option <c>table</c>) and the tables of the database providers in <see cref="Tables"/>. The ref's
/// schema, when present, fixes the columns read (in that order) and their types; otherwise types are inferred.
/// Malformed records go to the quarantine sink given. A dataset in an object store (<c>s3://bucket/key</c>, or a
/// Parquet glob or folder there) is read from its local copy in <see cref="Storage"/>.
/// </summary>
/// <param name="tables">The database providers whose handles this reader opens.</param>
/// <param name="storage">Where object-store datasets are fetched from. The default is <see cref="FileStorage.Local"/> (local files only).</param>
public sealed class DatasetReader(TableProviders tables, FileStorage? storage = null) : IDatasetOpener
{
    /// <summary>The database providers whose handles this reader opens (and the data actions write to).</summary>
    public TableProviders Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>Where object-store datasets are fetched from.</summary>
    public FileStorage Storage { get; } = storage ?? FileStorage.Local;

    /// <summary>Opens <paramref name="dataset"/>.</summary>
    /// <exception cref="SluiceException">Unknown format, missing file or table, or columns the file lacks.</exception>
    public OpenedDataset Open(DatasetRef dataset, IQuarantineSink? quarantine = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var opened = OpenAny(dataset, quarantine);
        DatasetReads.Opened(dataset, opened);
        return opened;
    }

    private OpenedDataset OpenAny(DatasetRef dataset, IQuarantineSink? quarantine)
    {
        if (dataset.Format == DatasetArgument.UnionFormat)
        {
            return OpenUnion(dataset, quarantine);
        }

        if (FileStorage.IsRemote(dataset.Path))
        {
            return OpenRemote(dataset, quarantine);
        }

        var schema = DatasetSchema.FromList(dataset.Schema);
        var columns = schema is null ? Option<IReadOnlyList<object?>>(dataset, "columns")?.Select(static c => ExprValues.ToText(c)).ToList() : [.. schema.Fields.Select(static f => f.Name)];
        if (Directory.Exists(dataset.Path))
        {
            return OpenFolder(dataset, [.. HivePartitions.LocalFiles(dataset.Path, dataset.Format).Select(static f => (f, (Func<string>)(() => f)))], quarantine);
        }

        try
        {
            switch (dataset.Format)
            {
                case "csv":
                    var options = new CsvReadOptions
                    {
                        Delimiter = Option<string>(dataset, "delimiter") is { Length: 1 } d ? d[0] : ',',
                        HasHeader = Option<bool?>(dataset, "header") ?? true,
                        Gzip = Option<bool?>(dataset, "gzip"),
                        AllowQuotedNewlines = Option<bool?>(dataset, "quoted_newlines") ?? true,
                        ChunkSize = Option<long?>(dataset, "chunk_size") is { } chunk and > 0 ? (int)Math.Min(chunk, 1 << 28) : 4 << 20,
                        Schema = schema,
                        Columns = columns,
                        InferDecimalsAsFloat = InferDecimals(dataset) == "float",
                    };
                    var csv = CsvSource.Open(dataset.Path, options, quarantine);
                    return new OpenedDataset(csv, () => csv.RecordsRead, () => csv.RecordsQuarantined);
                case "json" or "jsonl":
                    var json = JsonSource.Open(dataset.Path, dataset.Format == "json" ? JsonFormat.Array : JsonFormat.Lines,
                        new JsonReadOptions { Schema = schema, Columns = columns, Gzip = Option<bool?>(dataset, "gzip") }, quarantine);
                    return new OpenedDataset(json, () => json.RecordsRead, () => json.RecordsQuarantined);
                case "sqlite":
                    var table = Option<string>(dataset, "table") ?? throw new SluiceException($"dataset '{dataset.Path}' is a SQLite database; name the table (option 'table')");
                    var sqlite = SqliteTableSource.Open(dataset.Path, table, schema, columns, quarantine);
                    return new OpenedDataset(sqlite, () => sqlite.RecordsRead, () => sqlite.RecordsQuarantined);
                case HttpSourceSettings.Format:
                    var (lines, _) = HttpJsonFetcher.Fetch(HttpSourceSettings.From(dataset));
                    var http = JsonSource.Open(dataset.Path, () => new MemoryStream(lines, writable: false), JsonFormat.Lines,
                        new JsonReadOptions { Schema = schema, Columns = columns }, quarantine);
                    return new OpenedDataset(http, () => http.RecordsRead, () => http.RecordsQuarantined);
                case "parquet":
                    var parquet = ParquetDatasetSource.Open(dataset.Path, columns, schema);
                    return new OpenedDataset(parquet, () => parquet.RowsRead, static () => 0);
                case "arrow":
                    var arrow = ArrowIpcSource.Open(dataset.Path, columns);
                    CheckTypes(arrow.Schema, schema, dataset.Path);
                    return new OpenedDataset(arrow, () => arrow.RowsRead, static () => 0);
                case var other when Tables.ForFormat(other) is { } provider:
                    return provider.Open(dataset, schema, columns, quarantine);
                default:
                    throw new SluiceException($"dataset '{dataset.Path}' has the unknown format '{dataset.Format}' (formats: csv, json, jsonl, parquet, arrow, sqlite, http)");
            }
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
    }

    private OpenedDataset OpenRemote(DatasetRef dataset, IQuarantineSink? quarantine)
    {
        if (dataset.Path.EndsWith('/'))
        {
            var objects = Task.Run(() => Storage.ListAsync(dataset.Path, recursive: true)).GetAwaiter().GetResult()
                .Where(o => HivePartitions.IsDataFile(o.Name, dataset.Format) && !o.Uri[dataset.Path.Length..].Split('/').Any(static s => s.StartsWith('.') || s.StartsWith('_')))
                .ToList();
            // Fetched only when opened: the objects a partition filter rejects are never downloaded.
            return OpenFolder(dataset, [.. objects.Select(o => (o.Uri, (Func<string>)(() => Storage.Localize(o.Uri))))], quarantine);
        }

        if (dataset.Format == "parquet" && ParquetDatasetSource.IsMultiFile(dataset.Path))
        {
            var objects = Task.Run(() => Storage.ListAsync(dataset.Path, recursive: true)).GetAwaiter().GetResult()
                .Where(static o => o.Uri.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)).ToList();
            if (objects.Count == 0)
            {
                throw new SluiceException($"'{dataset.Path}' matches no Parquet file");
            }
            var local = objects.Select(o => Storage.Localize(o.Uri)).ToList();
            var schema = DatasetSchema.FromList(dataset.Schema);
            var columns = schema is null ? Option<IReadOnlyList<object?>>(dataset, "columns")?.Select(static c => ExprValues.ToText(c)).ToList() : [.. schema.Fields.Select(static f => f.Name)];
            var parquet = ParquetDatasetSource.Open(local, dataset.Path, columns, schema);
            return new OpenedDataset(parquet, () => parquet.RowsRead, static () => 0);
        }
        return OpenAny(dataset with { Path = Storage.Localize(dataset.Path) }, quarantine);
    }

    /// <summary>
    /// A folder of files (in the Hive layout when its subfolders are <c>key=value</c>): the files' columns and then the
    /// partition columns, the files the <c>partitions</c> filter rejects left unopened.
    /// </summary>
    private OpenedDataset OpenFolder(DatasetRef dataset, IReadOnlyList<(string Name, Func<string> Local)> files, IQuarantineSink? quarantine)
    {
        var (keys, all) = HivePartitions.Discover(dataset.Path, [.. files.Select(static f => f.Name)]);
        var filter = Option<string>(dataset, HivePartitions.FilterOption);
        if (keys.Count == 0 && filter is null && dataset.Format == "parquet" && !FileStorage.IsRemote(dataset.Path))
        {
            // A folder of Parquet files without partition folders, as before: one schema across the files.
            var parquet = ParquetDatasetSource.Open(dataset.Path, ColumnsOf(dataset), DatasetSchema.FromList(dataset.Schema));
            return new OpenedDataset(parquet, () => parquet.RowsRead, static () => 0);
        }
        var kept = HivePartitions.Prune(keys, all, filter, $"dataset '{dataset.Path}'");
        if (files.Count == 0)
        {
            throw new SluiceException($"'{dataset.Path}' is a folder without {dataset.Format} files; name a file, or a folder of data files (such as a partitioned export)");
        }
        var local = files.ToDictionary(static f => f.Name, static f => f.Local, StringComparer.Ordinal);
        // Each file is read as a file of the format; the partition columns are not in the files, so neither their
        // schema entries nor the column choice reach the file reader.
        var fileRef = dataset with
        {
            Schema = [.. dataset.Schema.Where(c => keys.IndexOf(c.Name) < 0)],
            Options = dataset.Options.Where(kv => kv.Key != HivePartitions.FilterOption && kv.Key != "columns")
                .Append(new("columns", ColumnsOf(dataset)?.Where(c => keys.IndexOf(c) < 0).Cast<object?>().ToArray()))
                .Where(static kv => kv.Value is not null)
                .ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal),
        };
        var sample = kept.Count > 0 ? kept : all.Take(1).ToList();
        var opened = sample.Select(f => (f.File, Opened: OpenAny(fileRef with { Path = local[f.File]() }, quarantine))).ToList();
        Schema fileSchema;
        try
        {
            fileSchema = UnionSource.Unify([.. opened.Select(static o => (o.File, o.Opened.Source))]);
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
        var sources = opened.ToDictionary(static o => o.File, static o => o.Opened, StringComparer.Ordinal);
        var source = HivePartitions.Read(fileSchema, keys, kept, file => sources[file].Source);
        return new OpenedDataset(source, () => kept.Sum(f => sources[f.File].RecordsRead()), () => kept.Sum(f => sources[f.File].RecordsQuarantined()));
    }

    /// <summary>The partition keys of a folder dataset in the Hive layout (empty for anything else).</summary>
    /// <exception cref="SluiceException">The folder's files disagree on the keys, or the store cannot be listed.</exception>
    public IReadOnlyList<string> PartitionKeys(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        IReadOnlyList<string> files = FileStorage.IsRemote(dataset.Path)
            ? dataset.Path.EndsWith('/') ? [.. Task.Run(() => Storage.ListAsync(dataset.Path, recursive: true)).GetAwaiter().GetResult().Select(static o => o.Uri).Where(u => HivePartitions.IsDataFile(u, dataset.Format))] : []
            : Directory.Exists(dataset.Path) ? HivePartitions.LocalFiles(dataset.Path, dataset.Format) : [];
        return [.. HivePartitions.Discover(dataset.Path, files).Keys.Fields.Select(static f => f.Name)];
    }

    private static List<string>? ColumnsOf(DatasetRef dataset) => DatasetSchema.FromList(dataset.Schema) is { } schema
        ? [.. schema.Fields.Select(static f => f.Name)]
        : Option<IReadOnlyList<object?>>(dataset, "columns")?.Select(static c => ExprValues.ToText(c)).ToList();

    private OpenedDataset OpenUnion(DatasetRef union, IQuarantineSink? quarantine)
    {
        // A schema fixed on the union (by a caller that read it once) is pushed down to parts that parse text, so
        // each file is parsed with the agreed types rather than its own inference; the union converts the rest.
        var opened = DatasetArgument.Parts(union)
            .Select(p => (p.Path, Opened: OpenAny(union.Schema.Count > 0 && p.Format is not ("parquet" or "arrow") ? p with { Schema = union.Schema } : p, quarantine)))
            .ToList();
        try
        {
            var source = UnionSource.Create([.. opened.Select(static o => (o.Path, o.Opened.Source))]);
            return new OpenedDataset(source, () => opened.Sum(static o => o.Opened.RecordsRead()), () => opened.Sum(static o => o.Opened.RecordsQuarantined()));
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
    }

    /// <summary>Binary formats keep their stored types; a declared schema that disagrees is a mistake to report, not a conversion.</summary>
    private static void CheckTypes(Data.Batches.Schema actual, Data.Batches.Schema? expected, string path)
    {
        foreach (var field in expected?.Fields ?? [])
        {
            var i = actual.IndexOf(field.Name);
            if (i >= 0 && actual[i].Type != field.Type)
            {
                throw new SluiceException($"column '{field.Name}' is {actual[i].Type} in {path}, but the schema says {field.Type}; Arrow columns keep their stored types");
            }
        }
    }

    /// <inheritdoc />
    IBatchSource IDatasetOpener.Open(DatasetRef dataset, IQuarantineSink? quarantine) => Open(dataset, quarantine).Source;

    /// <summary>The <c>infer: {decimals: exact|float}</c> option: how inference reads numbers with a fraction (default exact).</summary>
    private static string InferDecimals(DatasetRef dataset)
    {
        var infer = Option<IReadOnlyDictionary<string, object?>>(dataset, "infer");
        var unknown = infer?.Keys.FirstOrDefault(static k => k != "decimals");
        return unknown is not null
            ? throw new SluiceException($"dataset option 'infer' has no setting '{unknown}'; it knows 'decimals' (exact or float)")
            : infer?.GetValueOrDefault("decimals") switch
            {
                null or "exact" => "exact",
                "float" => "float",
                var other => throw new SluiceException($"dataset option 'infer.decimals' must be 'exact' or 'float', got {ExprValues.ToText(other)}"),
            };
    }

    private static T? Option<T>(DatasetRef dataset, string name)
    {
        if (!dataset.Options.TryGetValue(name, out var value) || value is null)
        {
            return default;
        }

        if (value is T t)
        {
            return t;
        }

        throw new SluiceException($"dataset option '{name}' has the wrong type ({ExprValues.TypeName(value)})");
    }
}
