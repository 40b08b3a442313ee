using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Parquet.Compression;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Reading;

namespace Sluice.Data.Parquet;

/// <summary>
/// A Parquet file as a stream of record batches: row group by row group, page by page, only the projected columns
/// decoded (in parallel), the next batch decoded while the caller works on the current one. Reads files of Sluice,
/// DuckDB, Spark and pyarrow: flat columns of INT32/INT64/INT96/FLOAT/DOUBLE/BOOLEAN/BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY with
/// STRING, DATE, TIMESTAMP (millis, micros, nanos → micros), DECIMAL (up to 18 digits) and INTEGER annotations; data
/// pages v1 and v2; PLAIN, dictionary, RLE, DELTA_* and BYTE_STREAM_SPLIT encodings; UNCOMPRESSED, SNAPPY and GZIP.
/// Anything else (nested or repeated columns, ZSTD/LZ4/BROTLI, wide decimals) is a <see cref="DataException"/> naming
/// the file, the column and what is unsupported; so is a corrupt or truncated file (with the offset).
/// </summary>
public sealed class ParquetSource : IBatchSource
{
    private readonly FileMetaData _meta;
    private readonly LeafColumn[] _columns;
    private readonly ParquetReadOptions _options;

    private ParquetSource(string path, FileMetaData meta, LeafColumn[] columns, ParquetReadOptions options)
    {
        Path = path;
        _meta = meta;
        _columns = columns;
        _options = options;
        Schema = new Schema(columns.Select(static c => new Field(c.Name, c.Type)));
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>The number of rows in the file (from the footer).</summary>
    public long RowCount => _meta.NumRows;

    /// <summary>The number of row groups.</summary>
    public int RowGroupCount => _meta.RowGroups.Count;

    /// <summary>Opens a file: reads the footer and resolves the projected columns. Data is read by <see cref="ReadAsync(BatchTransform?, CancellationToken)"/>.</summary>
    /// <exception cref="DataException">The file is missing, not Parquet, corrupt, or a projected column is missing or unsupported.</exception>
    public static ParquetSource Open(string path, ParquetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ParquetReadOptions();
        if (options.BatchRows < 1)
        {
            throw new ArgumentException($"BatchRows must be at least 1, was {options.BatchRows}.", nameof(options));
        }

        using var file = OpenFile(path);
        var meta = FooterReader.Read(file, path);
        var (leaves, unsupported) = ParquetSchemaReader.Read(meta, path);
        var names = options.Columns ?? [.. TopLevelNames(meta)];
        var chosen = new List<LeafColumn>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            if (leaves.Find(l => l.Name == name) is { } leaf)
            {
                chosen.Add(leaf);
            }
            else if (unsupported.TryGetValue(name, out var reason))
            {
                errors.Add($"column '{name}' {reason}");
            }
            else
            {
                errors.Add($"column '{name}' is not in the file");
            }
        }

        if (errors.Count > 0)
        {
            var hint = unsupported.Count > 0 && options.Columns is null ? " Choose the readable columns with 'columns'." : "";
            throw new DataException($"{path}: {string.Join("; ", errors)} (file columns: {string.Join(", ", TopLevelNames(meta))}).{hint}");
        }

        if (chosen.GroupBy(static c => c.Name).FirstOrDefault(static g => g.Count() > 1) is { } duplicate)
        {
            throw new DataException($"{path}: column '{duplicate.Key}' appears more than once (in the file or in 'columns').");
        }

        CheckChunks(meta, chosen, path);
        return new ParquetSource(path, meta, [.. chosen], options);
    }

    private static IEnumerable<string> TopLevelNames(FileMetaData meta)
    {
        var index = 1;
        for (var c = 0; c < (meta.Schema[0].NumChildren ?? 0) && index < meta.Schema.Count; c++)
        {
            yield return meta.Schema[index].Name;
            index += 1 + Descendants(meta.Schema, index);
        }
    }

    private static int Descendants(List<SchemaElement> schema, int index)
    {
        var total = 0;
        var next = index + 1;
        for (var i = 0; i < (schema[index].NumChildren ?? 0) && next < schema.Count; i++)
        {
            var d = Descendants(schema, next);
            total += 1 + d;
            next += 1 + d;
        }

        return total;
    }

    private static void CheckChunks(FileMetaData meta, List<LeafColumn> columns, string path)
    {
        for (var g = 0; g < meta.RowGroups.Count; g++)
        {
            var group = meta.RowGroups[g];
            foreach (var column in columns)
            {
                if (column.ChunkIndex >= group.Columns.Count || group.Columns[column.ChunkIndex].MetaData is null)
                {
                    throw new DataException($"{path}: corrupt Parquet footer: row group {g} has no metadata for column '{column.Name}'.");
                }

                var chunk = group.Columns[column.ChunkIndex];
                if (chunk.FilePath is { Length: > 0 } external)
                {
                    throw new DataException($"{path}: column '{column.Name}' keeps its data in another file ('{external}'), which is not supported.");
                }

                var codec = chunk.MetaData!.Codec;
                if (!PageCodec.IsSupported(codec))
                {
                    throw new DataException($"{path}: column '{column.Name}' is compressed with {codec.ToString().ToUpperInvariant()}, which is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP); rewrite the file with one of those.");
                }
            }
        }
    }

    /// <summary>Streams the batches without a transform.</summary>
    public IAsyncEnumerable<RecordBatch> ReadAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var file = OpenFile(Path);
        var length = RandomAccess.GetLength(file);
        foreach (var group in _meta.RowGroups)
        {
            if (group.NumRows is < 0 or > int.MaxValue)
            {
                throw new DataException($"{Path}: corrupt Parquet footer: a row group claims {group.NumRows} rows.");
            }

            var readers = new LeafReader[_columns.Length];
            Task<RecordBatch>? next = null;
            try
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    readers[c] = CreateReader(file, group.Columns[_columns[c].ChunkIndex].MetaData!, _columns[c], length, group.NumRows);
                }

                var remaining = (int)group.NumRows;
                next = Start(readers, ref remaining, transform);
                while (next is not null)
                {
                    var batch = await next.ConfigureAwait(false);
                    next = Start(readers, ref remaining, transform);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        batch.Dispose();
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    yield return batch;
                }
            }
            finally
            {
                // A consumer that stops early leaves the next batch in flight: let it finish before the readers go.
                if (next is not null)
                {
                    try
                    {
                        (await next.ConfigureAwait(false)).Dispose();
                    }
                    catch (Exception ex) when (ex is DataException or OperationCanceledException)
                    {
                        // Its error no longer matters to anyone.
                    }
                }

                foreach (var r in readers)
                {
                    r?.Dispose();
                }
            }
        }
    }

    private Task<RecordBatch>? Start(LeafReader[] readers, ref int remaining, BatchTransform? transform)
    {
        if (remaining <= 0)
        {
            return null;
        }

        var rows = Math.Min(remaining, _options.BatchRows);
        remaining -= rows;
        return Decode(readers, rows, transform);
    }

    private Task<RecordBatch> Decode(LeafReader[] readers, int rows, BatchTransform? transform) => Task.Run(() =>
    {
        var columns = new Column[readers.Length];
        try
        {
            if (readers.Length > 1 && rows >= 4096)
            {
                ParallelColumns.For(readers.Length, c => columns[c] = readers[c].Read(rows));
            }
            else
            {
                for (var c = 0; c < readers.Length; c++)
                {
                    columns[c] = readers[c].Read(rows);
                }
            }
        }
        catch
        {
            foreach (var col in columns)
            {
                col?.Dispose();
            }

            throw;
        }

        var batch = new RecordBatch(Schema, columns, rows);
        return transform is null ? batch : transform(batch);
    });

    private LeafReader CreateReader(SafeFileHandle file, ColumnMetaData meta, LeafColumn leaf, long length, long rows)
    {
        var pages = new ChunkPageReader(file, Path, leaf.Name, meta, length);
        return leaf.Type.Kind switch
        {
            TypeKind.String => new StringLeafReader(pages, leaf, Path, rows),
            TypeKind.Float64 => new PrimitiveLeafReader<double>(pages, leaf, Path, rows),
            TypeKind.Bool => new PrimitiveLeafReader<bool>(pages, leaf, Path, rows),
            TypeKind.Date => new PrimitiveLeafReader<int>(pages, leaf, Path, rows),
            _ => new PrimitiveLeafReader<long>(pages, leaf, Path, rows),
        };
    }

    private static SafeFileHandle OpenFile(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open '{path}': {ex.Message}", ex is not FileNotFoundException and not DirectoryNotFoundException, ex);
        }
    }
}
