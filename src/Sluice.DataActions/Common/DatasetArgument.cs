using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.DataActions.IO.Http;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.DataActions.Common;

/// <summary>
/// Turns a dataset parameter into a <see cref="DatasetRef"/>: a handle from an upstream task, a path, a map
/// <c>{path, format, table, ...}</c>, a URL, or a list of those (the outputs of a task mapped with <c>for_each</c>), which
/// becomes one union handle that <see cref="DatasetReader"/> reads as one stream (<c>UNION ALL</c>, in list order,
/// columns matched by name). Every action that takes a dataset resolves it here, so every dataset parameter accepts a
/// list, and every file it returns has passed the context's <see cref="ActionContext.Files"/> policy for reading.
/// </summary>
public static class DatasetArgument
{
    /// <summary>The <see cref="DatasetRef.Format"/> of a union handle; its datasets are in the option <see cref="PartsOption"/>.</summary>
    public const string UnionFormat = "union";

    /// <summary>The option of a union handle that lists its datasets (<see cref="DatasetRef"/> values, in order).</summary>
    public const string PartsOption = "parts";

    /// <summary>The formats read from files (the others are tables of a database provider, reached by connection).</summary>
    private static readonly HashSet<string> FileFormats = new(StringComparer.Ordinal) { "csv", "tsv", "json", "jsonl", "parquet", "arrow", "sqlite" };

    /// <summary>Resolves the value of the parameter <paramref name="parameter"/> (for messages) to a dataset handle.</summary>
    /// <param name="value">The rendered parameter value.</param>
    /// <param name="parameter">The parameter's name, used in messages.</param>
    /// <param name="context">The attempt: its log (format detection) and its file policy.</param>
    /// <exception cref="SluiceException">The value is null, an empty list, not a dataset, names a missing file, or a file outside the allowed folders.</exception>
    public static DatasetRef Resolve(object? value, string parameter, ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (value)
        {
            case DatasetRef d:
                return CheckRead(d, parameter, context);
            case string url when HttpSourceSettings.IsUrl(url):
                return new DatasetRef { Path = url, Format = HttpSourceSettings.Format, Options = new Dictionary<string, object?>(), Kind = "source" };
            case IReadOnlyDictionary<string, object?> map when (map.GetValueOrDefault("url") ?? map.GetValueOrDefault("path")) is string url && HttpSourceSettings.IsUrl(url):
                var httpOptions = map.Where(static kv => kv.Key is not ("url" or "path" or "format")).ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal);
                return new DatasetRef { Path = url, Format = HttpSourceSettings.Format, Options = httpOptions, Kind = "source" };
            case IReadOnlyDictionary<string, object?> map when map.GetValueOrDefault("path") is DatasetRef upstream:
                return Project(CheckRead(upstream, parameter, context), map, parameter);
            case string path when path.Length > 0:
                return FromPath(path, null, new Dictionary<string, object?>(), context, parameter);
            case IReadOnlyDictionary<string, object?> map when map.GetValueOrDefault("path") is string path:
                var options = map.Where(static kv => kv.Key is not ("path" or "format")).ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal);
                return FromPath(path, map.GetValueOrDefault("format") as string, options, context, parameter);
            case IReadOnlyList<object?> { Count: 1 } single:
                return Resolve(single[0], parameter, context);
            case IReadOnlyList<object?> { Count: 0 }:
                throw new SluiceException($"parameter '{parameter}' is an empty list: it needs at least one dataset (did the upstream task map over no items?)");
            case IReadOnlyList<object?> list:
                return Union([.. list.Select((item, i) => Resolve(item, $"{parameter}[{i}]", context))]);
            case null:
                throw new SluiceException($"parameter '{parameter}' is null: it needs a dataset (an upstream task's output, or a path)");
            default:
                throw new SluiceException($"parameter '{parameter}' must be a dataset (an upstream task's output, a path, or a map with 'path'), got {ExprValues.TypeName(value)}");
        }
    }

    /// <summary>
    /// One handle for the union of <paramref name="parts"/> (nested unions are flattened). Its path is the first
    /// dataset's; its schema and row count are known when every part's are (the schemas are checked when it is read).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    public static DatasetRef Union(IReadOnlyList<DatasetRef> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var flat = parts.SelectMany(static p => Parts(p)).ToList();
        if (flat.Count == 0)
        {
            throw new ArgumentException("a union needs at least one dataset", nameof(parts));
        }

        if (flat.Count == 1)
        {
            return flat[0];
        }

        return new DatasetRef
        {
            Path = flat[0].Path,
            Format = UnionFormat,
            Kind = flat.All(static p => p.Kind == "artifact") ? "artifact" : "source",
            Rows = flat.All(static p => p.Rows is not null) ? flat.Sum(static p => p.Rows!.Value) : null,
            Schema = flat.All(p => p.Schema.Count > 0 && p.Schema.SequenceEqual(flat[0].Schema)) ? flat[0].Schema : [],
            Options = new Dictionary<string, object?>(StringComparer.Ordinal) { [PartsOption] = flat.Cast<object?>().ToArray() },
        };
    }

    /// <summary>
    /// An upstream handle read through a map <c>{path: "{{ task.output }}", columns: [...]}</c>: only the listed columns
    /// are read (an Arrow artifact is memory-mapped, so the others are never touched), in that order.
    /// </summary>
    private static DatasetRef Project(DatasetRef upstream, IReadOnlyDictionary<string, object?> map, string parameter)
    {
        if (map.Keys.FirstOrDefault(static k => k is not ("path" or "columns")) is { } other)
        {
            throw new SluiceException($"parameter '{parameter}': '{other}' does not apply to an upstream task's dataset (it is read as that task wrote it); only 'columns' does");
        }

        if (map.GetValueOrDefault("columns") is not IReadOnlyList<object?> list)
        {
            return map.ContainsKey("columns") && map["columns"] is not null
                ? throw new SluiceException($"parameter '{parameter}': 'columns' must be a list of column names, got {ExprValues.TypeName(map["columns"])}")
                : upstream;
        }

        var columns = list.Select(static c => ExprValues.ToText(c)).ToList();
        var schema = new List<(string Name, string Type)>(columns.Count);
        foreach (var column in columns)
        {
            var i = upstream.Schema.Count == 0 ? -1 : upstream.Schema.ToList().FindIndex(f => string.Equals(f.Name, column, StringComparison.Ordinal));
            if (i >= 0)
            {
                schema.Add(upstream.Schema[i]);
            }
            else if (upstream.Schema.Count > 0)
            {
                throw new SluiceException($"parameter '{parameter}': column '{column}' is not in the upstream dataset {upstream.Path} ({NameSuggester.Hint(column, [.. upstream.Schema.Select(static f => f.Name)], "columns")})");
            }
        }

        var options = new Dictionary<string, object?>(upstream.Options, StringComparer.Ordinal) { ["columns"] = columns.ToArray<object?>() };
        return upstream with { Schema = upstream.Schema.Count == 0 ? [] : schema, Options = options };
    }

    /// <summary>The datasets a handle stands for: the parts of a union, or the handle itself.</summary>
    /// <exception cref="SluiceException">A union handle whose parts are not dataset handles.</exception>
    public static IReadOnlyList<DatasetRef> Parts(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Format != UnionFormat)
        {
            return [dataset];
        }

        return dataset.Options.GetValueOrDefault(PartsOption) is IReadOnlyList<object?> parts
            ? [.. parts.Select(static p => p as DatasetRef ?? throw new SluiceException($"a union dataset lists {ExprValues.TypeName(p)} among its parts; only datasets can be combined"))]
            : throw new SluiceException("a union dataset has no 'parts'");
    }

    /// <summary>
    /// Refuses a file dataset outside the allowed folders (a handle from upstream may name any file: an upstream
    /// action or a C# caller built it). A glob is checked at the folder it searches.
    /// </summary>
    public static DatasetRef CheckRead(DatasetRef dataset, string parameter, ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(context);
        if (dataset.Format == UnionFormat)
        {
            foreach (var part in Parts(dataset))
            {
                CheckRead(part, parameter, context);
            }
        }
        else if (FileFormats.Contains(dataset.Format) && !FileStorage.IsRemote(dataset.Path) && !Path.IsPathRooted(dataset.Path))
        {
            // A handle built by a C# caller may name a relative path: it is the pipeline's, like a path written in it.
            var full = context.Files.Full(dataset.Path);
            context.Files.CheckRead(Searched(full), parameter);
            return dataset with { Path = full };
        }
        else if (context.Files.IsConfined && FileFormats.Contains(dataset.Format))
        {
            context.Files.CheckRead(Searched(dataset.Path), parameter);
        }
        return dataset;
    }

    /// <summary>The folder a glob searches (the path itself when it has no wildcard), local or in an object store.</summary>
    internal static string Searched(string path)
    {
        var wildcard = path.IndexOfAny(['*', '?']);
        if (wildcard < 0)
        {
            return path;
        }
        return FileStorage.IsRemote(path) ? path[..(path.LastIndexOf('/', wildcard) + 1)] : Path.GetDirectoryName(path[..wildcard]) ?? path;
    }

    /// <summary>
    /// A handle for the file at <paramref name="path"/> (local, or an object such as <c>s3://bucket/key</c>, whose handle
    /// keeps its URI); the format, gzip and CSV delimiter are detected (and logged) when not given.
    /// </summary>
    /// <exception cref="SluiceException">The file does not exist or is outside the allowed folders.</exception>
    public static DatasetRef FromPath(string path, string? format, Dictionary<string, object?> options, ActionContext context, string parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Detect(path, context.Files.CheckRead(path, parameter), format, options, context.Log, context.Storage);
    }

    /// <summary>
    /// As <see cref="FromPath(string, string?, Dictionary{string, object?}, ActionContext, string)"/> without a file policy: for reads
    /// before any task runs (load-time checks peek at headers), which are not confined.
    /// </summary>
    internal static DatasetRef FromPath(string path, string? format, Dictionary<string, object?> options, ITaskLog log) =>
        Detect(path, FileStorage.IsRemote(path) ? path : Path.GetFullPath(path), format, options, log, FileStorage.Local);

    private static DatasetRef Detect(string path, string full, string? format, Dictionary<string, object?> options, ITaskLog log, FileStorage storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FileStorage.IsRemote(full))
        {
            // Detection reads the first bytes of the object's local copy; the handle keeps the URI, so a task on another
            // machine fetches it itself.
            if (full.EndsWith('/'))
            {
                // A folder of objects (such as a partitioned export): listed when it is read.
                return new DatasetRef { Path = full, Format = format ?? "parquet", Options = options, Kind = "source" };
            }
            var local = storage.Localize(full);
            return Detect(path, local, format, options, log, storage) with { Path = full };
        }
        if (Directory.Exists(full))
        {
            // A folder of data files (a partitioned export in the Hive layout): format and delimiter from its first file.
            var files = HivePartitions.LocalFiles(full, format);
            var first = files.Count > 0 ? files[0] : throw new SluiceException($"'{path}' is a folder without {format ?? "data"} files; name a file, a folder of data files such as a partitioned export, or scan it with scan_data_sources");
            return Detect(first, first, format, options, log, storage) with { Path = full };
        }
        if (!File.Exists(full))
        {
            throw new SluiceException(string.Equals(path, full, StringComparison.Ordinal) ? $"'{path}' does not exist" : $"'{path}' does not exist (looked for {full})");
        }

        if (format is null)
        {
            var (detected, gzip) = FormatDetector.Detect(full, out var reason);
            log.Write("info", $"AUTO format of '{path}': {reason}");
            format = detected;
            if (gzip)
            {
                options.TryAdd("gzip", true);
            }
        }

        if (format is "csv" or "tsv" && !options.ContainsKey("delimiter"))
        {
            var tab = format == "tsv" || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
            var d = '\t';
            if (!tab)
            {
                d = FormatDetector.SniffDelimiter(full, out var why);
                log.Write("info", $"AUTO delimiter of '{path}': {why}");
            }

            options["delimiter"] = d.ToString();
            format = "csv";
        }

        return new DatasetRef { Path = full, Format = format, Options = options, Kind = "source" };
    }
}
