using System.IO.Compression;
using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Csv;

/// <summary>
/// A CSV file as a stream of record batches, parsed in parallel chunks and yielded in file order.
/// Malformed records go to the quarantine sink (file, line, reason, raw text) and are counted; they never throw.
/// </summary>
public sealed class CsvSource : IBatchSource
{
    private readonly CsvPlan _plan;
    private readonly IQuarantineSink? _quarantine;
    private long _recordsRead;
    private long _recordsQuarantined;

    private CsvSource(CsvPlan plan, IQuarantineSink? quarantine)
    {
        _plan = plan;
        _quarantine = quarantine;
    }

    /// <summary>The file path.</summary>
    public string Path => _plan.Source;

    /// <summary>The output schema (projected columns with explicit or inferred types).</summary>
    public Schema Schema => _plan.Output;

    /// <summary>The column names found in the file, in file order.</summary>
    public IReadOnlyList<string> FileColumns => _plan.FileColumns;

    /// <summary>Data records read so far (header excluded, quarantined records included).</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Records sent to the quarantine so far.</summary>
    public long RecordsQuarantined => Interlocked.Read(ref _recordsQuarantined);

    /// <summary>Opens a file: reads the header and a sample, resolves the schema. Nothing else is read until a ReadAsync call.</summary>
    /// <exception cref="DataException">The file cannot be opened, a header name is empty or repeated, or the options name
    /// columns the file lacks.</exception>
    public static CsvSource Open(string path, CsvReadOptions? options = null, IQuarantineSink? quarantine = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CsvReadOptions();
        if (options.Delimiter > 127 || options.Quote > 127 || options.Escape > 127)
        {
            throw new DataException("Delimiter, quote and escape must be ASCII characters.");
        }

        byte[] head;
        using (var stream = OpenStream(path, options))
        {
            head = ReadHead(stream, options);
        }

        var (names, samples, headerLine) = CsvSchemaInference.ReadSample(head, options);
        if (options.HasHeader)
        {
            CsvSchemaInference.CheckHeader(path, headerLine, names);
        }

        if (!options.HasHeader && options.Schema is { } positional)
        {
            for (var i = 0; i < names.Count && i < positional.Count; i++)
            {
                names[i] = positional[i].Name;
            }
        }

        return new CsvSource(ResolvePlan(path, options, names, samples), quarantine);
    }

    private static CsvPlan ResolvePlan(string path, CsvReadOptions options, List<string> names, List<List<byte[]>> samples)
    {
        var wanted = options.Columns ?? names;
        var errors = new List<string>();
        foreach (var w in wanted.Where(w => !names.Contains(w)))
        {
            errors.Add($"column '{w}' is not in the file");
        }

        foreach (var f in options.Schema?.Fields ?? [])
        {
            if (!names.Contains(f.Name))
            {
                errors.Add($"schema column '{f.Name}' is not in the file");
            }
        }

        if (errors.Count > 0)
        {
            throw new DataException($"{path}: {string.Join("; ", errors)} (file columns: {string.Join(", ", names)}).");
        }

        var fields = new List<Field>();
        var targetOf = Enumerable.Repeat(-1, names.Count).ToArray();
        foreach (var w in wanted)
        {
            var fileIndex = names.IndexOf(w);
            var explicitIndex = options.Schema?.IndexOf(w) ?? -1;
            var type = explicitIndex >= 0 ? options.Schema![explicitIndex].Type : CsvSchemaInference.Infer(samples[fileIndex], options.InferDecimalsAsFloat);
            targetOf[fileIndex] = fields.Count;
            fields.Add(new Field(w, type));
        }

        return new CsvPlan(path, options, names, new Schema(fields), targetOf);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = _plan.Options;
        var stream = OpenStream(_plan.Source, options);
        await using (stream.ConfigureAwait(false))
        {
            var chunks = CsvChunker.Read(stream, options, options.ChunkSize);
            var parsed = OrderedParallel.RunAsync(chunks, Work, options.MaxDegreeOfParallelism, cancellationToken);
            await foreach (var (batch, rejects, records) in parsed.ConfigureAwait(false))
            {
                Interlocked.Add(ref _recordsRead, records);
                if (rejects is not null)
                {
                    Interlocked.Add(ref _recordsQuarantined, rejects.Count);
                    foreach (var r in rejects)
                    {
                        _quarantine?.Add(r);
                    }
                }

                yield return batch;
            }
        }

        ParsedChunk Work(CsvChunk chunk)
        {
            var result = CsvChunkParser.Parse(_plan, chunk, skipHeader: chunk.Index == 0 && options.HasHeader);
            if (transform is null)
            {
                return result;
            }

            var transformed = transform(result.Batch);
            if (!ReferenceEquals(transformed, result.Batch))
            {
                result.Batch.Dispose();
            }

            return result with { Batch = transformed };
        }
    }

    /// <summary>Streams the batches without a transform.</summary>
    public IAsyncEnumerable<RecordBatch> ReadAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    private static Stream OpenStream(string path, CsvReadOptions options)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open '{path}': {ex.Message}", ex is not FileNotFoundException and not DirectoryNotFoundException, ex);
        }

        var gzip = options.Gzip ?? (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || HasGzipMagic(file));
        return gzip ? new GZipStream(new BufferedStream(file, 1 << 16), CompressionMode.Decompress) : file;
    }

    private static bool HasGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static byte[] ReadHead(Stream stream, CsvReadOptions options)
    {
        // The header plus the inference sample: up to 1 MiB, cut at a record boundary.
        var buffer = new byte[1 << 20];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, n);
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        if (n == buffer.Length)
        {
            var cut = CsvChunker.FindBoundary(span, options);
            span = span[..(cut > 0 ? cut : span.Length)];
        }

        return span.ToArray();
    }
}
