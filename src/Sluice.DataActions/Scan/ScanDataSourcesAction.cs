using Sluice.Actions;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Scan;

/// <summary>
/// <c>scan_data_sources</c>: expands paths, folders and globs into data files, with their sizes, detected format and
/// compression. <c>&lt;AUTO&gt;</c> file patterns are the readable data extensions (CSV, TSV, JSON, JSON Lines, Parquet,
/// SQLite, and the <c>.gz</c> forms of the text formats).
/// </summary>
public sealed class ScanDataSourcesAction : DataAction
{
    private static readonly string[] AutoPatterns =
        ["*.csv", "*.tsv", "*.json", "*.jsonl", "*.ndjson", "*.parquet", "*.db", "*.sqlite", "*.sqlite3", "*.csv.gz", "*.tsv.gz", "*.json.gz", "*.jsonl.gz", "*.ndjson.gz"];

    /// <summary>A scan reads only the first bytes of each file; it needs no room on the machine.</summary>
    public override ResourceAppetite Appetite => ResourceAppetite.None;

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "scan_data_sources",
        "Expands paths, folders and globs (*, ?, **) into data files and reports their sizes, detected format and compression. A pattern that matches nothing is an error.",
        [
            new ParameterSpec("sources", ParameterType.Any, "A path, folder or glob, or a list of them.", Required: true),
            new ParameterSpec("file_patterns", ParameterType.List, "File name patterns used inside folders, such as [\"*.csv\"]. <AUTO> uses the readable data extensions.", SupportsAuto: true),
            new ParameterSpec("recursive", ParameterType.Boolean, "Whether folders are searched recursively. The default is true.", Default: true),
            new ParameterSpec("include_metadata", ParameterType.Boolean, "Whether 'files' lists size, format and compression per file. The default is true.", Default: true),
            new ParameterSpec("allow_empty", ParameterType.Boolean, "Whether a pattern may match no file. The default is false.", Default: false),
        ],
        [
            new OutputSpec("source_list", "The files found (absolute paths, sorted), usable as for_each items and as ingest_from_sources sources."),
            new OutputSpec("total_size", "Their total size in bytes."),
            new OutputSpec("file_count", "How many files were found."),
            new OutputSpec("files", "Per file: path, size, format, compression (when include_metadata)."),
        ]);

    /// <inheritdoc />
    protected override ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sources = context.Get("sources") switch
        {
            string s => [s],
            IReadOnlyList<object?> list => list.Select(static i => ExprValues.ToText(i)).ToList(),
            var v => throw new SluiceException($"parameter 'sources' must be a path or a list of paths, got {ExprValues.TypeName(v)}"),
        };
        IReadOnlyList<string> patterns;
        if (context.Get("file_patterns") is AutoValue or null)
        {
            patterns = AutoPatterns;
            context.Log.Write("info", $"AUTO file_patterns: the readable data extensions ({string.Join(" ", AutoPatterns)})");
        }
        else
        {
            patterns = Args.Strings(context.Parameters, "file_patterns", "") ?? AutoPatterns;
        }

        var recursive = context.Get("recursive") is not false;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var written in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = context.Files.Full(written);
            var wildcard = source.IndexOfAny(['*', '?']);
            context.Files.CheckRead(wildcard < 0 ? source : Path.GetDirectoryName(source[..wildcard]) is { Length: > 0 } folder ? folder : ".", "sources");
            // A link inside an allowed folder may lead out of it: every file found is checked, not only the folder.
            var found = GlobMatcher.Expand(source, patterns, recursive).Select(f => context.Files.CheckRead(f, "sources")).ToList();
            if (found.Count == 0 && context.Get("allow_empty") is not true)
            {
                throw new SluiceException($"'{written}' matches no file{(written == source ? "" : $" (looked in {source})")}" + (Directory.Exists(source) ? $" with the patterns {string.Join(" ", patterns)}" : ""));
            }

            files.UnionWith(found);
        }

        long total = 0;
        var metadata = new List<object?>();
        foreach (var file in files)
        {
            var size = new FileInfo(file).Length;
            total += size;
            var (format, gzip) = FormatDetector.Detect(file, out var reason);
            context.Log.Write("info", $"{file}: {size} bytes, {reason}");
            metadata.Add(new Dictionary<string, object?> { ["path"] = file, ["size"] = size, ["format"] = format, ["compression"] = gzip ? "gzip" : "none" });
        }

        return ValueTask.FromResult(new ActionResult(new Dictionary<string, object?>
        {
            ["source_list"] = files.Select(static f => (object?)f).ToArray(),
            ["total_size"] = total,
            ["file_count"] = (long)files.Count,
            ["files"] = context.Get("include_metadata") is false ? null : metadata.ToArray(),
        }));
    }
}
