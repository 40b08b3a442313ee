using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Json;

/// <summary>
/// A JSON Lines file (one object per line) or a JSON array of objects as a stream of record batches. Keys become columns
/// (explicit types or inferred from a sample); other keys are ignored and missing keys are null. A record that is not
/// an object, is malformed, or has a value that does not convert goes to the quarantine (file, line, reason, raw text)
/// and is counted; it never throws. In an array, malformed JSON ends the read (the rest cannot be framed reliably) and
/// is quarantined as one record.
/// </summary>
public sealed class JsonSource : IBatchSource
{
    private readonly string _path;
    private readonly Func<Stream>? _content;
    private readonly JsonFormat _format;
    private readonly JsonReadOptions _options;
    private readonly IQuarantineSink? _quarantine;
    private long _recordsRead;
    private long _recordsQuarantined;

    private JsonSource(string path, Func<Stream>? content, JsonFormat format, JsonReadOptions options, Schema schema, IQuarantineSink? quarantine)
    {
        _path = path;
        _content = content;
        _format = format;
        _options = options;
        Schema = schema;
        _quarantine = quarantine;
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>Records read so far (quarantined ones included).</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Records sent to the quarantine so far.</summary>
    public long RecordsQuarantined => Interlocked.Read(ref _recordsQuarantined);

    /// <summary>Opens a file and resolves the schema from the options and a sample of records.</summary>
    /// <exception cref="DataException">The file cannot be opened, or the options name keys the sample lacks and gives no type for.</exception>
    public static JsonSource Open(string path, JsonFormat format, JsonReadOptions? options = null, IQuarantineSink? quarantine = null) =>
        Create(path, null, format, options, quarantine);

    /// <summary>
    /// Reads JSON held elsewhere (fetched over HTTP, in memory): <paramref name="content"/> opens it from the start and is
    /// called once per read; <paramref name="name"/> stands for the path in messages and quarantine records.
    /// </summary>
    /// <exception cref="DataException">The options name keys the sample lacks and gives no type for.</exception>
    public static JsonSource Open(string name, Func<Stream> content, JsonFormat format, JsonReadOptions? options = null, IQuarantineSink? quarantine = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Create(name, content, format, options, quarantine);
    }

    private static JsonSource Create(string path, Func<Stream>? content, JsonFormat format, JsonReadOptions? options, IQuarantineSink? quarantine)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new JsonReadOptions();
        var sample = new List<byte[]>();
        using (var stream = content?.Invoke() ?? OpenStream(path, options))
        {
            var framer = new JsonFramer(stream, format);
            while (sample.Count < options.InferenceSampleRows && framer.Next(out var offset, out var length, out _, out var error))
            {
                if (error is null)
                {
                    sample.Add(framer.Buffer.AsSpan(offset, length).ToArray());
                }
            }
        }

        var (names, types) = JsonSchemaInference.Infer(sample);
        var wanted = options.Columns ?? (options.Schema is { } s ? [.. names.Union(s.Fields.Select(static f => f.Name))] : names);
        var fields = new List<Field>();
        var missing = new List<string>();
        foreach (var w in wanted)
        {
            var explicitType = options.Schema is { } schema && schema.IndexOf(w) is var i and >= 0 ? schema[i].Type : null;
            var seen = names.IndexOf(w);
            if (explicitType is null && seen < 0)
            {
                missing.Add(w);
                continue;
            }

            fields.Add(new Field(w, explicitType ?? types[seen]));
        }

        if (missing.Count > 0)
        {
            throw new DataException($"{path}: no record of the sample has the key(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} (keys seen: {string.Join(", ", names)}); give their types in the schema.");
        }

        return new JsonSource(path, content, format, options, new Schema(fields), quarantine);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var batch in ReadBatches(cancellationToken))
        {
            yield return transform is null ? batch : transform(batch);
            await Task.Yield();
        }
    }

    private IEnumerable<RecordBatch> ReadBatches(CancellationToken cancellationToken)
    {
        using var stream = _content?.Invoke() ?? OpenStream(_path, _options);
        var framer = new JsonFramer(stream, _format);
        var builder = new RowBatchBuilder(Schema, Math.Min(_options.BatchRows, 4096));
        var parser = new JsonObjectParser([.. Schema.Fields.Select(static f => f.Name)]);
        while (framer.Next(out var offset, out var length, out var line, out var error))
        {
            Interlocked.Increment(ref _recordsRead);
            var record = framer.Buffer.AsSpan(offset, length);
            var reason = error ?? parser.Append(record, builder);
            if (reason is not null)
            {
                Quarantine(line, reason, record);
            }

            if (builder.RowCount >= _options.BatchRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return builder.Build();
            }
        }

        if (builder.RowCount > 0)
        {
            yield return builder.Build();
        }
    }

    private void Quarantine(long line, string reason, ReadOnlySpan<byte> record)
    {
        Interlocked.Increment(ref _recordsQuarantined);
        if (_quarantine is null)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(record);
        if (text.Length > _options.MaxQuarantineTextLength)
        {
            text = text[.._options.MaxQuarantineTextLength];
        }

        _quarantine.Add(new QuarantineRecord(_path, line, reason, text));
    }

    private static Stream OpenStream(string path, JsonReadOptions options)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open '{path}': {ex.Message}", ex is not FileNotFoundException and not DirectoryNotFoundException, ex);
        }

        var gzip = options.Gzip ?? (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || HasGzipMagic(file));
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static bool HasGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
