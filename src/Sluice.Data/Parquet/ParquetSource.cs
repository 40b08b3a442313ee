using System.Runtime.CompilerServices;
using ParquetSharp.Arrow;
using Sluice.Data.Arrow;
using Sluice.Data.Execution;
using Column = Sluice.Data.Columns.Column;
using Field = Sluice.Data.Batches.Field;
using RecordBatch = Sluice.Data.Batches.RecordBatch;
using Schema = Sluice.Data.Batches.Schema;

namespace Sluice.Data.Parquet;

/// <summary>
/// A Parquet file as a stream of record batches, decoded by ParquetSharp (Apache Arrow's C++ Parquet reader); only the
/// projected columns are decoded. Flat columns and struct fields are read straight from its column readers into our
/// buffers (<see cref="ParquetLeaf"/>), row groups on one thread per core, handed over in file order
/// (<see cref="ParquetRowGroups"/>); a projection with a list or map column, or a type only Arrow's reader converts
/// (INT96, FIXED_LEN_BYTE_ARRAY decimals), is read through Arrow arrays copied once into our columns, the next batch
/// while the caller works on the current one. Every codec (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4, BROTLI), encoding and page
/// version the reference implementation reads. Columns map as <see cref="ParquetColumns"/> says: flat columns to their
/// types, a string column dictionary-encoded in every row group to a dictionary column, a struct to one column per
/// field named <c>parent.child</c>, a list or map to a string column of JSON text. Anything else is a
/// <see cref="DataException"/> naming the file, the column and what is unsupported; so is a corrupt or truncated file.
/// </summary>
public sealed class ParquetSource : IBatchSource
{
    private readonly ParquetColumn[] _columns;
    private readonly int[] _leaves;
    private readonly int[] _dictionaryLeaves;
    private readonly ParquetReadOptions _options;
    private readonly string _readHint;
    private readonly ParquetLeaf[]? _direct;

    private ParquetSource(string path, ParquetColumn[] columns, long rows, int rowGroups, ParquetReadOptions options, List<string> deltaUnsigned32, ParquetLeaf[]? direct)
    {
        _direct = direct;
        var suspects = deltaUnsigned32.Where(n => columns.Any(c => c.Name == n)).ToList();
        _readHint = suspects.Count == 0 ? "" :
            $" (column{(suspects.Count > 1 ? "s" : "")} {string.Join(", ", suspects.Select(static n => $"'{n}'"))}: unsigned 32-bit values stored with DELTA_BINARY_PACKED, " +
            "which DuckDB's PARQUET_VERSION V2 writer encodes in a way Arrow's reader rejects from 2^31 up; write the file with PARQUET_VERSION V1, or cast the column to BIGINT)";
        Path = path;
        _columns = columns;
        _leaves = [.. columns.SelectMany(static c => c.Leaves).Distinct().Order()];
        _dictionaryLeaves = [.. columns.Where(static c => c.Dictionary).SelectMany(static c => c.Leaves)];
        _options = options;
        RowCount = rows;
        RowGroupCount = rowGroups;
        Schema = new Schema(columns.Select(static c => new Field(c.Name, c.Type)));
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>The number of rows in the file (from the footer).</summary>
    public long RowCount { get; }

    /// <summary>The number of row groups.</summary>
    public int RowGroupCount { get; }

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

        CheckMagic(path);
        using var reader = Guard(path, () => new FileReader(path));
        var (available, unsupported, topLevel) = Guard(path, () => ParquetColumns.Resolve(reader));
        var names = options.Columns ?? [.. available.Select(static c => c.Name)];
        var chosen = new List<ParquetColumn>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            if (available.Find(c => c.Name == name) is { } column)
            {
                chosen.Add(column);
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
            throw new DataException($"{path}: {string.Join("; ", errors)} (file columns: {string.Join(", ", topLevel)}).{hint}");
        }

        if (chosen.GroupBy(static c => c.Name).FirstOrDefault(static g => g.Count() > 1) is { } duplicate)
        {
            throw new DataException($"{path}: column '{duplicate.Key}' appears more than once (in the file or in 'columns').");
        }

        var meta = reader.ParquetReader.FileMetaData;
        var direct = Guard(path, () => chosen.Select(c => ParquetLeaf.TryCreate(c, meta.Schema.Column(c.Leaves[0]))).ToArray());
        return new ParquetSource(path, [.. chosen], meta.NumRows, meta.NumRowGroups, options, Guard(path, () => ParquetColumns.DeltaUnsigned32(reader)),
            direct.Contains(null) ? null : [.. direct.OfType<ParquetLeaf>()]);
    }

    /// <summary>Streams the batches without a transform.</summary>
    public IAsyncEnumerable<RecordBatch> ReadAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_columns.Length == 0 || RowCount == 0)
        {
            yield break;
        }

        if (_direct is not null)
        {
            var groups = new ParquetRowGroups(Path, _direct, Schema, RowGroupCount, _options.BatchRows, _readHint);
            await foreach (var batch in groups.ReadAsync(transform, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }

            yield break;
        }

        using var properties = ArrowReaderProperties.GetDefault();
        properties.BatchSize = _options.BatchRows;
        foreach (var leaf in _dictionaryLeaves)
        {
            properties.SetReadDictionary(leaf, true);
        }

        using var reader = Guard(Path, () => new FileReader(Path, null, properties));
        using var stream = Guard(Path, () => reader.GetRecordBatchReader(columns: _leaves));
        var convert = new ArrowToColumns();
        var next = Next(stream, convert, transform);
        try
        {
            while (await next.ConfigureAwait(false) is { } batch)
            {
                next = Next(stream, convert, transform);
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
            // A consumer that stops early leaves the next batch in flight: let it finish before the reader goes.
            try
            {
                (await next.ConfigureAwait(false))?.Dispose();
            }
            catch (Exception ex) when (ex is DataException or OperationCanceledException)
            {
                // Its error no longer matters to anyone.
            }
        }
    }

    private Task<RecordBatch?> Next(Apache.Arrow.Ipc.IArrowArrayStream stream, ArrowToColumns convert, BatchTransform? transform) => Task.Run(async () =>
    {
        Apache.Arrow.RecordBatch? arrow;
        try
        {
            arrow = await stream.ReadNextRecordBatchAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsReaderError(ex))
        {
            throw new DataException($"{Path}: corrupt Parquet data: {ex.Message}{_readHint}", false, ex);
        }

        if (arrow is null)
        {
            return null;
        }

        using (arrow)
        {
            var columns = new Column[_columns.Length];
            try
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c] = _columns[c].Read(arrow, convert, Path);
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

            var batch = new RecordBatch(Schema, columns, arrow.Length);
            return transform is null ? batch : transform(batch);
        }
    });

    private static void CheckMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        long length;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = RandomAccess.GetLength(file);
            if (RandomAccess.Read(file, head, 0) < 4 || !head.SequenceEqual("PAR1"u8))
            {
                throw new DataException($"{path}: not a Parquet file (it does not start with PAR1).");
            }

            if (length < 12 || RandomAccess.Read(file, tail, length - 4) < 4 || !tail.SequenceEqual("PAR1"u8))
            {
                throw new DataException($"{path}: corrupt or truncated Parquet file: it does not end with PAR1 ({length} bytes).");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open '{path}': {ex.Message}", ex is not FileNotFoundException and not DirectoryNotFoundException, ex);
        }
    }

    private static T Guard<T>(string path, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception ex) when (IsReaderError(ex))
        {
            throw new DataException($"{path}: corrupt or truncated Parquet file: {ex.Message}", false, ex);
        }
    }

    // ParquetSharp reports the native reader's errors (a bad page header, a failed decompression) as System.Exception
    // itself, or as ParquetException; anything more specific is not a file problem.
    internal static bool IsReaderError(Exception ex) => ex.GetType() == typeof(Exception) || ex is ParquetSharp.ParquetException or IOException;
}
