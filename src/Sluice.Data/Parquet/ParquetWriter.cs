using Sluice.Data.Arrow;
using Sluice.Data.Csv;
using Sluice.Data.Execution;

namespace Sluice.Data.Parquet;

/// <summary>
/// Writes batches as a Parquet file with ParquetSharp (Apache Arrow's C++ Parquet writer), which DuckDB, Spark, pyarrow
/// and <see cref="ParquetSource"/> read: every column OPTIONAL; int64 → INT64, date → INT32 DATE, timestamp → INT64
/// TIMESTAMP(MICROS, isAdjustedToUTC=false), float64 → DOUBLE, bool → BOOLEAN, decimal(s) → INT64 DECIMAL(18, s),
/// string → BYTE_ARRAY STRING (dictionary-encoded while the dictionary page stays under
/// <see cref="ParquetWriteOptions.DictionaryMaxBytes"/>, else PLAIN). Column chunks carry min/max/null-count statistics.
/// The file is written atomically (see <see cref="AtomicFile"/>): a failure leaves the previous file, or none, never a
/// partial one.
/// </summary>
public static class ParquetWriter
{
    /// <summary>Reads <paramref name="source"/> and writes it to <paramref name="path"/>; returns the number of rows.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DataException">An I/O error (transient).</exception>
    public static async Task<long> WriteAsync(IBatchSource source, string path, ParquetWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ParquetWriteOptions();
        options.Validate();
        long rows = 0;
        await AtomicFile.WriteAsync(
            path,
            async (stream, ct) => rows = await WriteAsync(source, stream, options, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Writes <paramref name="source"/> as a Parquet file to <paramref name="stream"/> (not atomic); returns the number of rows.</summary>
    public static async Task<long> WriteAsync(IBatchSource source, Stream stream, ParquetWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new ParquetWriteOptions();
        var schema = new Apache.Arrow.Schema([.. source.Schema.Fields.Select(static f => new Apache.Arrow.Field(f.Name, ArrowTypes.Of(f.Type), true))], null);
        using var properties = Properties(options);
        using var writer = new ParquetSharp.Arrow.FileWriter(stream, schema, properties, null, leaveOpen: true);
        long rows = 0;
        long groupRows = 0;
        long groupBytes = 0;
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                if (batch.RowCount == 0)
                {
                    continue;
                }

                var arrays = batch.Columns.Select(ColumnsToArrow.Convert).ToArray();
                try
                {
                    var bytesPerRow = Math.Max(1.0, (double)arrays.Sum(static a => a.Data.Buffers.Sum(static b => (long)b.Length)) / batch.RowCount);
                    for (var start = 0; start < batch.RowCount;)
                    {
                        // Slice so that a group closes at RowGroupBytes even inside one large batch.
                        var byBytes = (long)Math.Ceiling((options.RowGroupBytes - groupBytes) / bytesPerRow);
                        var length = (int)Math.Max(1, Math.Min(Math.Min(batch.RowCount - start, options.RowGroupRows - groupRows), byBytes));
                        var slice = start == 0 && length == batch.RowCount ? arrays : [.. arrays.Select(a => Apache.Arrow.ArrowArrayFactory.Slice(a, start, length))];
                        using (var arrow = new Apache.Arrow.RecordBatch(schema, slice, length))
                        {
                            writer.WriteBufferedRecordBatch(arrow);
                        }

                        start += length;
                        rows += length;
                        groupRows += length;
                        groupBytes += (long)(length * bytesPerRow);
                        if (groupRows >= options.RowGroupRows)
                        {
                            // The writer closed the group itself at RowGroupRows (MaxRowGroupLength).
                            groupRows = 0;
                            groupBytes = 0;
                        }
                        else if (groupBytes >= options.RowGroupBytes)
                        {
                            writer.NewBufferedRowGroup();
                            groupRows = 0;
                            groupBytes = 0;
                        }
                    }
                }
                finally
                {
                    foreach (var array in arrays)
                    {
                        array.Dispose();
                    }
                }
            }
        }

        writer.Close();
        return rows;
    }

    private static ParquetSharp.WriterProperties Properties(ParquetWriteOptions options)
    {
        using var builder = new ParquetSharp.WriterPropertiesBuilder();
        if (options.DictionaryMaxEntries == 0 || options.DictionaryMaxBytes == 0)
        {
            _ = builder.DisableDictionary();
        }

        return builder
            .Compression(options.Compression switch
            {
                ParquetCompression.Uncompressed => ParquetSharp.Compression.Uncompressed,
                ParquetCompression.Gzip => ParquetSharp.Compression.Gzip,
                ParquetCompression.Zstd => ParquetSharp.Compression.Zstd,
                _ => ParquetSharp.Compression.Snappy,
            })
            .MaxRowGroupLength(options.RowGroupRows)
            .DataPagesize(options.PageBytes)
            .WriteBatchSize(Math.Min(options.PageRows, 1024))
            .DictionaryPagesizeLimit(options.DictionaryMaxBytes)
            .EnableStoreDecimalAsInteger()
            .Build();
    }
}
