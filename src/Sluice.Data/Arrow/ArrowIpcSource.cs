using System.Runtime.CompilerServices;
using Apache.Arrow.Ipc;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.Data.Arrow;

/// <summary>
/// Reads an Arrow IPC file (Feather v2; <c>.arrow</c>, <c>.feather</c>) by mapping it into memory: the Arrow arrays
/// point at the mapped pages and each column buffer is copied once into our pooled buffers, with no parsing. Columns
/// can be projected; a dictionary is shared by every batch that uses it.
/// </summary>
public sealed class ArrowIpcSource : IBatchSource
{
    private static readonly byte[] Magic = "ARROW1"u8.ToArray();
    private static readonly byte[] EndOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
    private readonly int[] _projection;
    private long _rowsRead;

    private readonly bool _footerOnly;

    private ArrowIpcSource(string path, Schema schema, int[] projection, bool footerOnly)
    {
        Path = path;
        Schema = schema;
        _projection = projection;
        _footerOnly = footerOnly;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>Rows read so far.</summary>
    public long RowsRead => Interlocked.Read(ref _rowsRead);

    /// <summary>True when the file starts with the Arrow IPC file magic (<c>ARROW1</c>).</summary>
    public static bool IsArrowFile(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>Opens a file: reads its schema and resolves the projected columns. Data is read by <see cref="ReadAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to read, in this order; null for all.</param>
    /// <exception cref="DataException">The file is missing, not an Arrow IPC file, or a column is missing or of a type that is not read.</exception>
    public static ArrowIpcSource Open(string path, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (arrowSchema, footerOnly) = ReadSchema(path);
        var names = columns ?? [.. arrowSchema.FieldsList.Select(static f => f.Name)];
        var fields = new List<Field>();
        var projection = new List<int>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            var index = arrowSchema.GetFieldIndex(name);
            if (index < 0)
            {
                errors.Add($"column '{name}' is not in the file (it has: {string.Join(", ", arrowSchema.FieldsList.Select(static f => f.Name))})");
                continue;
            }

            if (ArrowTypes.From(arrowSchema.GetFieldByIndex(index).DataType, out var reason) is { } type)
            {
                fields.Add(new Field(name, type));
                projection.Add(index);
            }
            else
            {
                errors.Add($"column '{name}' {reason}");
            }
        }

        if (errors.Count > 0)
        {
            throw new DataException($"{path}: {string.Join("; ", errors)}");
        }

        return new ArrowIpcSource(path, new Schema(fields), [.. projection], footerOnly);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var file = _footerOnly ? null : MappedFile.Open(Path);
        using var stream = _footerOnly ? new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16) : null;
        using var reader = stream is not null ? new ArrowFileReader(stream) : ReaderOver(file!, Path);
        if (reader is null)
        {
            yield break;
        }

        var converter = new ArrowToColumns();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = Next(reader, converter);
                if (batch is null)
                {
                    yield break;
                }

                Interlocked.Add(ref _rowsRead, batch.RowCount);
                yield return transform is null ? batch : Transform(batch, transform);
                await Task.Yield();
            }
        }
        finally
        {
            converter.Release();
        }
    }

    /// <summary>
    /// The schema, and whether the file must be read through its footer: the stream part is read in place when it
    /// starts with the schema (our files, pyarrow's), but Apache.Arrow leaves it out of a file without batches and Arrow
    /// JS out of every file, keeping it only in the footer; those are read by the footer's block list, with a copy.
    /// </summary>
    private static (Apache.Arrow.Schema Schema, bool FooterOnly) ReadSchema(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length > int.MaxValue)
        {
            // Memory<byte> cannot span 2 GiB: a larger file is read through the footer, from the file.
            return (ReadFooterSchema(path), true);
        }

        using (var file = MappedFile.Open(path))
        {
            using var reader = ReaderOver(file, path);
            if (reader is not null)
            {
                try
                {
                    return (reader.Schema, false);
                }
#pragma warning disable CA1031 // Apache.Arrow throws a bare Exception for a message of another type; the footer decides.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        return (ReadFooterSchema(path), true);
    }

    private static Apache.Arrow.Schema ReadFooterSchema(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var footer = new ArrowFileReader(stream);
        return Guard(path, () => footer.Schema);
    }

    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DataException($"{path}: not a readable Arrow IPC file: {ex.Message}", ex);
        }
    }

    private RecordBatch? Next(ArrowStreamReader reader, ArrowToColumns converter)
    {
        Apache.Arrow.RecordBatch? arrow;
        try
        {
            arrow = reader.ReadNextRecordBatch();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // Apache.Arrow throws plain exceptions (even System.Exception) for damaged messages.
            throw new DataException($"{Path}: not a readable Arrow IPC file: {ex.Message}", ex);
        }

        if (arrow is null)
        {
            return null;
        }

        using (arrow)
        {
            var columns = new Column[_projection.Length];
            try
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = converter.Convert(arrow.Column(_projection[i]), Path, Schema[i].Name);
                }
            }
            catch
            {
                foreach (var c in columns)
                {
                    c?.Dispose();
                }

                throw;
            }

            return new RecordBatch(Schema, columns, arrow.Length);
        }
    }

    private static RecordBatch Transform(RecordBatch batch, BatchTransform transform)
    {
        using (batch)
        {
            return transform(batch);
        }
    }

    /// <summary>
    /// The IPC file format is the stream format between an 8-byte header and a footer, so a stream reader over the
    /// mapped bytes after the header reads it in order without copying (the footer is only needed for random access).
    /// </summary>
    /// <returns>The reader, or null when the stream part is empty (it starts with the end-of-stream marker).</returns>
    private static ArrowStreamReader? ReaderOver(MappedFile file, string path)
    {
        var memory = file.Memory;
        if (memory.Length < 8 || !IsArrowFile(memory.Span))
        {
            throw new DataException($"{path}: not an Arrow IPC file (Feather v2): it does not start with the bytes 'ARROW1'");
        }

        if (memory.Length >= 16 && (memory.Span[8..16].SequenceEqual(EndOfStream) || memory.Span[8..12].SequenceEqual(EndOfStream.AsSpan(4))))
        {
            return null;
        }

        try
        {
            return new ArrowStreamReader(memory[8..]);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new DataException($"{path}: not a readable Arrow IPC file: {ex.Message}", ex);
        }
    }
}
