using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Parquet.Writing;

namespace Sluice.Data.Parquet;

/// <summary>
/// Writes batches as a Parquet file (format version 1 metadata, data pages v1) that DuckDB, Spark, pyarrow and
/// <see cref="ParquetSource"/> read: every column OPTIONAL; int64 → INT64, date → INT32 DATE, timestamp → INT64
/// TIMESTAMP(MICROS, isAdjustedToUTC=false), float64 → DOUBLE, bool → BOOLEAN, decimal(s) → INT64 DECIMAL(18, s),
/// string → BYTE_ARRAY STRING (dictionary-encoded while the dictionary stays small, else PLAIN). Column chunks carry
/// min/max/null-count statistics. The file is written atomically (see <see cref="AtomicFile"/>): a failure leaves the
/// previous file, or none, never a partial one.
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
        using var writer = new ParquetFileWriter(stream, source.Schema, options ?? new ParquetWriteOptions());
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                await writer.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        return writer.Rows;
    }
}
