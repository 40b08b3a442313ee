using Apache.Arrow;
using Apache.Arrow.Ipc;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using ArrowRecordBatch = Apache.Arrow.RecordBatch;
using ArrowSchema = Apache.Arrow.Schema;
using RecordBatch = Sluice.Data.Batches.RecordBatch;
using Schema = Sluice.Data.Batches.Schema;

namespace Sluice.Data.Arrow;

/// <summary>
/// Writes batches as an Arrow IPC file (Feather v2), atomically (see <see cref="AtomicFile"/>). String columns that
/// arrive dictionary-encoded are written as <c>dictionary&lt;int32, utf8&gt;</c> with one dictionary for the whole file.
/// </summary>
/// <remarks>
/// The IPC file format allows one dictionary per field (no replacement) and Apache.Arrow writes the dictionary it sees
/// with the first batch, while our batches each carry their own dictionary. So when a file has dictionary columns the
/// batches go first to a staging stream next to the file (codes already mapped into the file's dictionaries), and the
/// file is written from it once every dictionary is complete.
/// </remarks>
public static class ArrowIpcWriter
{
    /// <summary>Reads <paramref name="source"/> and writes it to <paramref name="path"/>; returns the number of rows.</summary>
    /// <exception cref="DataException">The file cannot be written.</exception>
    public static async Task<long> WriteAsync(IBatchSource source, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        long rows = 0;
        await AtomicFile.WriteAsync(
            path,
            async (stream, ct) => rows = await WriteAsync(source, path, stream, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static async Task<long> WriteAsync(IBatchSource source, string path, Stream output, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        await using var batches = source.ReadAsync(null, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var first = await batches.MoveNextAsync().ConfigureAwait(false) ? batches.Current : null;
        try
        {
            // Columns the engine dictionary-encoded in the first batch are the low-cardinality ones.
            var encoders = new StringInterner?[schema.Count];
            for (var i = 0; i < schema.Count; i++)
            {
                encoders[i] = first?.Column(i) is DictionaryColumn ? new StringInterner() : null;
            }

            if (encoders.All(static e => e is null))
            {
                using var writer = new ArrowFileWriter(output, ToArrow(schema, encoders), leaveOpen: true);
                await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
                var rows = 0L;
                for (var batch = first; batch is not null; batch = await batches.MoveNextAsync().ConfigureAwait(false) ? batches.Current : null)
                {
                    using (batch)
                    {
                        first = null;
                        using var arrow = Plain(batch);
                        await writer.WriteRecordBatchAsync(arrow, cancellationToken).ConfigureAwait(false);
                        rows += batch.RowCount;
                    }
                }

                await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
                return rows;
            }

            return await WriteStagedAsync(schema, encoders, first, batches, path, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            first?.Dispose();
        }
    }

    private static async Task<long> WriteStagedAsync(
        Schema schema, StringInterner?[] encoders, RecordBatch? first, IAsyncEnumerator<RecordBatch> batches, string path, Stream output, CancellationToken cancellationToken)
    {
        var stagingPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.staging");
        await using var staging = new FileStream(stagingPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        var stagingSchema = ToArrow(schema, encoders, staging: true);
        var rows = 0L;
        using (var writer = new ArrowStreamWriter(staging, stagingSchema, leaveOpen: true))
        {
            var codes = new int[encoders.Length][];
            for (var batch = first; batch is not null; batch = await batches.MoveNextAsync().ConfigureAwait(false) ? batches.Current : null)
            {
                using (batch)
                {
                    var arrays = new IArrowArray[schema.Count];
                    for (var i = 0; i < arrays.Length; i++)
                    {
                        arrays[i] = encoders[i] is { } encoder
                            ? ColumnsToArrow.Indices(Encode(batch.Column(i), encoder, ref codes[i]), batch.Column(i))
                            : ColumnsToArrow.Convert(batch.Column(i));
                    }

                    using var arrow = new ArrowRecordBatch(stagingSchema, arrays, batch.RowCount);
                    await writer.WriteRecordBatchAsync(arrow, cancellationToken).ConfigureAwait(false);
                    rows += batch.RowCount;
                }
            }

            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var finalSchema = ToArrow(schema, encoders);
        var dictionaries = new IArrowArray?[encoders.Length];
        var dictionaryColumns = new List<StringColumn>();
        try
        {
            for (var i = 0; i < encoders.Length; i++)
            {
                if (encoders[i] is { } encoder)
                {
                    var column = encoder.ToColumn();
                    dictionaryColumns.Add(column);
                    dictionaries[i] = ColumnsToArrow.Convert(column);
                }
            }

            staging.Position = 0;
            using var reader = new ArrowStreamReader(staging, leaveOpen: true);
            using var fileWriter = new ArrowFileWriter(output, finalSchema, leaveOpen: true);
            while (await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } staged)
            {
                using (staged)
                {
                    var arrays = new IArrowArray[staged.ColumnCount];
                    for (var i = 0; i < arrays.Length; i++)
                    {
                        arrays[i] = dictionaries[i] is { } dictionary
                            ? new DictionaryArray(ArrowTypes.StringDictionary, staged.Column(i), dictionary)
                            : staged.Column(i);
                    }

                    // The arrays belong to the staged batch, which is disposed above; this one only borrows them.
                    var arrow = new ArrowRecordBatch(finalSchema, arrays, staged.Length);
                    await fileWriter.WriteRecordBatchAsync(arrow, cancellationToken).ConfigureAwait(false);
                }
            }

            await fileWriter.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            dictionaryColumns.ForEach(static c => c.Dispose());
        }

        return rows;
    }

    /// <summary>Maps a column's values to codes of the file's dictionary; a batch dictionary is looked up once per entry.</summary>
    private static int[] Encode(Columns.Column column, StringInterner encoder, ref int[] codes)
    {
        if (codes is null || codes.Length < column.Length)
        {
            codes = new int[Math.Max(column.Length, 1024)];
        }

        if (column is DictionaryColumn d)
        {
            var map = new int[d.Dictionary.Length];
            for (var e = 0; e < map.Length; e++)
            {
                map[e] = d.Dictionary.IsNull(e) ? -1 : encoder.Intern(d.Dictionary.GetBytes(e));
            }

            var source = d.Codes;
            for (var r = 0; r < source.Length; r++)
            {
                codes[r] = source[r] < 0 || d.IsNull(r) ? 0 : map[source[r]];
            }
        }
        else
        {
            var s = (Utf8Column)column;
            for (var r = 0; r < s.Length; r++)
            {
                codes[r] = s.IsNull(r) ? 0 : encoder.Intern(s.GetBytes(r));
            }
        }

        return codes;
    }

    private static ArrowRecordBatch Plain(RecordBatch batch)
    {
        var arrays = new IArrowArray[batch.Schema.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = ColumnsToArrow.Convert(batch.Column(i));
        }

        return new ArrowRecordBatch(ToArrow(batch.Schema, new StringInterner?[batch.Schema.Count]), arrays, batch.RowCount);
    }

    private static ArrowSchema ToArrow(Schema schema, StringInterner?[] encoders, bool staging = false)
    {
        var builder = new ArrowSchema.Builder();
        for (var i = 0; i < schema.Count; i++)
        {
            var type = encoders[i] is null ? ArrowTypes.Of(schema[i].Type) : staging ? Apache.Arrow.Types.Int32Type.Default : ArrowTypes.StringDictionary;
            builder.Field(f => f.Name(schema[i].Name).DataType(type).Nullable(true));
        }

        return builder.Build();
    }
}
