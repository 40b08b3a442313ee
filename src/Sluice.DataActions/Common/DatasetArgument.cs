using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.DataActions.IO.Http;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Common;

/// <summary>
/// Turns a dataset parameter into a <see cref="DatasetRef"/>: a handle from an upstream task, a path, or a map
/// <c>{path, format, table, ...}</c>. Every file it returns has passed the context's <see cref="ActionContext.Files"/>
/// policy for reading.
/// </summary>
internal static class DatasetArgument
{
    /// <summary>The formats read from files (the others are tables of a database provider, reached by connection).</summary>
    private static readonly HashSet<string> FileFormats = new(StringComparer.Ordinal) { "csv", "tsv", "json", "jsonl", "parquet", "sqlite" };

    public static DatasetRef Resolve(object? value, string parameter, ActionContext context)
    {
        switch (value)
        {
            case DatasetRef d:
                return CheckRead(d, parameter, context);
            case string url when HttpSourceSettings.IsUrl(url):
                return new DatasetRef { Path = url, Format = HttpSourceSettings.Format, Options = new Dictionary<string, object?>(), Kind = "source" };
            case IReadOnlyDictionary<string, object?> map when (map.GetValueOrDefault("url") ?? map.GetValueOrDefault("path")) is string url && HttpSourceSettings.IsUrl(url):
                var httpOptions = map.Where(static kv => kv.Key is not ("url" or "path" or "format")).ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal);
                return new DatasetRef { Path = url, Format = HttpSourceSettings.Format, Options = httpOptions, Kind = "source" };
            case string path when path.Length > 0:
                return FromPath(path, null, new Dictionary<string, object?>(), context, parameter);
            case IReadOnlyDictionary<string, object?> map when map.GetValueOrDefault("path") is string path:
                var options = map.Where(static kv => kv.Key is not ("path" or "format")).ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal);
                return FromPath(path, map.GetValueOrDefault("format") as string, options, context, parameter);
            case IReadOnlyList<object?> { Count: 1 } single:
                return Resolve(single[0], parameter, context);
            case null:
                throw new SluiceException($"parameter '{parameter}' is null: it needs a dataset (an upstream task's output, or a path)");
            default:
                throw new SluiceException($"parameter '{parameter}' must be a dataset (an upstream task's output, a path, or a map with 'path'), got {ExprValues.TypeName(value)}");
        }
    }

    /// <summary>
    /// Refuses a file dataset outside the allowed folders (a handle from upstream may name any file: an upstream
    /// action or a C# caller built it). A glob is checked at the folder it searches.
    /// </summary>
    public static DatasetRef CheckRead(DatasetRef dataset, string parameter, ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (context.Files.IsConfined && FileFormats.Contains(dataset.Format))
        {
            var wildcard = dataset.Path.IndexOfAny(['*', '?']);
            var searched = wildcard < 0 ? dataset.Path : Path.GetDirectoryName(dataset.Path[..wildcard]) ?? dataset.Path;
            context.Files.CheckRead(searched, parameter);
        }
        return dataset;
    }

    public static DatasetRef FromPath(string path, string? format, Dictionary<string, object?> options, ActionContext context, string parameter)
    {
        var log = context.Log;
        var full = context.Files.CheckRead(path, parameter);
        if (!File.Exists(full))
        {
            throw new SluiceException($"'{path}' does not exist" + (Directory.Exists(full) ? " as a file (it is a folder; scan it with scan_data_sources)" : ""));
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
