using Sluice.Data;
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

namespace Sluice.DataActions.IO;

/// <summary>
/// Opens a <see cref="DatasetRef"/> as a stream of batches (a union handle of <see cref="DatasetArgument"/> as its parts, one after another): CSV (options <c>delimiter</c>, <c>header</c>, <c>gzip</c>,
/// <c>quoted_newlines</c>, <c>chunk_size</c>), JSON array, JSON Lines, JSON APIs over HTTP (see <see cref="HttpSourceSettings"/>),
/// Parquet (a file, a glob or a folder of files), Arrow IPC files (Feather v2, memory-mapped),
/// SQLite tables (option <c>table</c>) and the tables of the database providers in <see cref="Tables"/>. The ref's
/// schema, when present, fixes the columns read (in that order) and their types; otherwise types are inferred.
/// Malformed records go to the quarantine sink given.
/// </summary>
/// <param name="tables">The database providers whose handles this reader opens.</param>
public sealed class DatasetReader(TableProviders tables) : IDatasetOpener
{
    /// <summary>The database providers whose handles this reader opens (and the data actions write to).</summary>
    public TableProviders Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>Opens <paramref name="dataset"/>.</summary>
    /// <exception cref="SluiceException">Unknown format, missing file or table, or columns the file lacks.</exception>
    public OpenedDataset Open(DatasetRef dataset, IQuarantineSink? quarantine = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Format == DatasetArgument.UnionFormat)
        {
            return OpenUnion(dataset, quarantine);
        }

        var schema = DatasetSchema.FromList(dataset.Schema);
        var columns = schema is null ? Option<IReadOnlyList<object?>>(dataset, "columns")?.Select(static c => ExprValues.ToText(c)).ToList() : [.. schema.Fields.Select(static f => f.Name)];
        if (Directory.Exists(dataset.Path) && dataset.Format != "parquet")
        {
            throw new SluiceException($"'{dataset.Path}' is a folder; name a file (reading a folder of partitions is not supported)");
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

    private OpenedDataset OpenUnion(DatasetRef union, IQuarantineSink? quarantine)
    {
        // A schema fixed on the union (by a caller that read it once) is pushed down to parts that parse text, so
        // each file is parsed with the agreed types rather than its own inference; the union converts the rest.
        var opened = DatasetArgument.Parts(union)
            .Select(p => (p.Path, Opened: Open(union.Schema.Count > 0 && p.Format is not ("parquet" or "arrow") ? p with { Schema = union.Schema } : p, quarantine)))
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
