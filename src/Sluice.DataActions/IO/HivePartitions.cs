using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;

namespace Sluice.DataActions.IO;

/// <summary>
/// A folder in the Hive layout (<c>root/key=value/…/file</c>, as <c>partition_by</c> writes it) read as one dataset with
/// its partition columns restored after the files' own columns. Values are %-unescaped and
/// <c>__HIVE_DEFAULT_PARTITION__</c> is null; each key's type is inferred from all its values in the folder, so it is
/// the same for every file: <c>int64</c> when every value is an integer, else <c>date</c> when every value is
/// <c>YYYY-MM-DD</c>, else <c>string</c> (as DuckDB's <c>hive_partitioning</c> reads them). A partition filter (the
/// dataset option <c>partitions</c>, an expression over the partition columns) skips the folders it rejects before any
/// file in them is opened.
/// </summary>
internal static class HivePartitions
{
    /// <summary>The dataset option with the partition filter.</summary>
    public const string FilterOption = "partitions";

    private const string DefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The partition keys and their types, and each file's values; no keys when the files are not in partition folders.</summary>
    /// <exception cref="SluiceException">The files disagree on the partition keys.</exception>
    public static (Schema Keys, IReadOnlyList<(string File, object?[] Values)> Files) Discover(string root, IReadOnlyList<string> files)
    {
        string[]? keys = null;
        string? firstFile = null;
        var raw = new List<(string File, string?[] Values)>();
        foreach (var file in files)
        {
            var folder = RelativeFolder(root, file);
            var segments = folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(static s => s.Contains('=', StringComparison.Ordinal)).ToList();
            var names = segments.Select(static s => Unescape(s[..s.IndexOf('=', StringComparison.Ordinal)])).ToArray();
            if (keys is null)
            {
                (keys, firstFile) = (names, file);
            }
            else if (!keys.SequenceEqual(names, StringComparer.Ordinal))
            {
                throw new SluiceException($"the partition folders of '{root}' disagree: {file} is under {Describe(names)} but {firstFile} under {Describe(keys)}; read one partitioning at a time");
            }
            raw.Add((file, [.. segments.Select(static s => s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..] is var v && v == DefaultPartition ? null : Unescape(v))]));
        }

        keys ??= [];
        var types = keys.Select((_, k) => Infer(raw.Select(r => r.Values[k]))).ToArray();
        var schema = new Schema(keys.Select((name, k) => new Field(name, types[k])));
        return (schema, [.. raw.Select(r => (r.File, r.Values.Select((v, k) => Convert(v, types[k])).ToArray()))]);
    }

    /// <summary>
    /// The files whose partition values pass <paramref name="filter"/> (an expression over the partition columns); all of
    /// them when it is null.
    /// </summary>
    /// <exception cref="SluiceException">The filter does not parse, names a column that is not a partition key, or is not a condition.</exception>
    public static IReadOnlyList<(string File, object?[] Values)> Prune(Schema keys, IReadOnlyList<(string File, object?[] Values)> files, string? filter, string where)
    {
        if (filter is null)
        {
            return files;
        }
        if (keys.Count == 0)
        {
            throw new SluiceException($"{where}: option '{FilterOption}' filters partition folders (key=value), but the files are not in any");
        }
        ColumnExpr expression;
        try
        {
            expression = ColumnBinder.Parse(filter, new SourceLocation($"{where}.{FilterOption}", 1, 1), keys);
        }
        catch (Data.DataException ex)
        {
            throw new SluiceException($"{where}.{FilterOption}: {ex.Message} (the partition columns are {string.Join(", ", keys.Fields.Select(static f => $"{f.Name}:{f.Type}"))})");
        }
        var compiled = ExprCompiler.Compile(expression, keys);
        if (compiled.Type.Kind != TypeKind.Bool)
        {
            throw new SluiceException($"{where}.{FilterOption}: '{filter}' is {compiled.Type}, not a condition (write a comparison such as year >= 2024)");
        }
        var kept = new List<(string File, object?[] Values)>();
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var key = string.Join('\u0001', file.Values.Select(static v => v is null ? "\u0000" : System.Convert.ToString(v, CultureInfo.InvariantCulture)));
            if (!decided.TryGetValue(key, out var keep))
            {
                using var row = Constants(keys, file.Values);
                using var result = compiled.Evaluate(row);
                keep = result.GetValue(0) is true;
                decided[key] = keep;
            }
            if (keep)
            {
                kept.Add(file);
            }
        }
        return kept;
    }

    /// <summary>
    /// The files as one stream: each opened by <paramref name="open"/> when the stream reaches it, its columns (those of
    /// the first file, matched by name) followed by the partition columns.
    /// </summary>
    public static IBatchSource Read(Schema fileSchema, Schema keys, IReadOnlyList<(string File, object?[] Values)> files, Func<string, IBatchSource> open)
    {
        var own = new Schema(fileSchema.Fields.Where(f => keys.IndexOf(f.Name) < 0));
        var schema = new Schema([.. own.Fields, .. keys.Fields]);
        return UnionSource.Lazy(schema, [.. files.Select(f => (Func<IBatchSource>)(() => new WithConstants(open(f.File), own, keys, f.Values)))]);
    }

    private static RecordBatch Constants(Schema keys, object?[] values)
    {
        using var one = new RecordBatch(new Schema([]), [], 1);
        var project = new ProjectOperator([.. keys.Fields.Select((f, k) => new Projection(f.Name, new LiteralExpr(values[k], f.Type)))], keepInput: false).Bind(one.Schema);
        return project.Apply(one.Share());
    }

    private static string RelativeFolder(string root, string file)
    {
        if (Files.FileStorage.IsRemote(root))
        {
            var prefix = root.TrimEnd('/') + "/";
            var rest = file.StartsWith(prefix, StringComparison.Ordinal) ? file[prefix.Length..] : file;
            return rest.Contains('/', StringComparison.Ordinal) ? rest[..rest.LastIndexOf('/')] : "";
        }
        return Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/');
    }

    private static DataType Infer(IEnumerable<string?> values)
    {
        var present = values.Where(static v => v is not null).Cast<string>().ToList();
        if (present.Count == 0)
        {
            return DataType.String;
        }
        if (present.TrueForAll(static v => v.Length <= 19 && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            return DataType.Int64;
        }
        return present.TrueForAll(static v => v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            ? DataType.Date
            : DataType.String;
    }

    private static object? Convert(string? value, DataType type) => value is null ? null : type.Kind switch
    {
        TypeKind.Int64 => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        TypeKind.Date => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string Unescape(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(text[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The data files of a partitioned folder in path order: those with an extension of <paramref name="format"/> (any
    /// data format when null, gzip too), leaving out hidden and <c>_</c>-prefixed names (staging folders, markers).
    /// </summary>
    public static IReadOnlyList<string> LocalFiles(string root, string? format) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(static s => s.StartsWith('.') || s.StartsWith('_')))
            .Where(f => IsDataFile(f, format))
            .Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="name"/> has an extension of <paramref name="format"/> (or of any file format when null).</summary>
    public static bool IsDataFile(string name, string? format)
    {
        var plain = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        var dot = plain.LastIndexOf('.');
        var extension = dot >= 0 ? plain[dot..] : "";
        return FormatDetector.Extensions.TryGetValue(extension, out var f) && f != "sqlite" && (format is null || f == format);
    }

    private static string Describe(string[] keys) => keys.Length == 0 ? "no partition folder" : string.Join("/", keys.Select(static k => k + "=…"));

    /// <summary>A file's batches with the partition columns added as constants.</summary>
    private sealed class WithConstants(IBatchSource file, Schema own, Schema keys, object?[] values) : IBatchSource
    {
        private readonly IBoundBatchOperator _project = new ProjectOperator(
            [.. own.Fields.Select(static f => new Projection(f.Name, new ColumnRef(f.Name))), .. keys.Fields.Select((f, k) => new Projection(f.Name, new LiteralExpr(values[k], f.Type)))],
            keepInput: false).Bind(file.Schema);

        public Schema Schema => _project.OutputSchema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            BatchTransform step = transform is null ? _project.Apply : b => transform(_project.Apply(b));
            await foreach (var batch in file.ReadAsync(step, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }
}
