using System.Buffers;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;
using Sluice.Data.Text;

namespace Sluice.Data.Csv;

/// <summary>
/// Writes a stream as one CSV file per partition: <c>root/key=value/…/part-00000.csv</c> (Hive layout; partition columns
/// are in the folder names, not in the files; null is <c>__HIVE_DEFAULT_PARTITION__</c>; <c>/ \ = %</c> and control
/// characters in values are %-escaped). Everything is written into a hidden staging folder next to the root, which
/// replaces the root only once complete: a failure leaves the previous root (or none) and no partial files in it.
/// </summary>
public static class PartitionedCsvWriter
{
    /// <summary>Writes <paramref name="source"/> partitioned by <paramref name="partitionBy"/>; returns the number of partitions.</summary>
    public static async Task<int> WriteAsync(IBatchSource source, string root, IReadOnlyList<string> partitionBy, CsvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(partitionBy);
        options ??= new CsvWriteOptions();
        var schema = source.Schema;
        var keep = Enumerable.Range(0, schema.Count).Where(i => !partitionBy.Contains(schema[i].Name)).ToArray();
        var fileSchema = new Schema(keep.Select(i => schema[i]));
        var mapper = new KeyMapper(schema, partitionBy);
        var full = Path.GetFullPath(root);
        var staging = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.staging");
        var writers = new List<Stream>();
        try
        {
            await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    var ids = new int[batch.RowCount];
                    mapper.GetOrAdd(batch, ids);
                    using var projected = new RecordBatch(fileSchema, [.. keep.Select(i => batch.Column(i).Retain())], batch.RowCount);
                    foreach (var group in Enumerable.Range(0, ids.Length).GroupBy(r => ids[r]))
                    {
                        while (writers.Count <= group.Key)
                        {
                            writers.Add(Open(staging, batch, partitionBy, Array.IndexOf(ids, writers.Count), fileSchema, options));
                        }

                        var buffer = new ArrayBufferWriter<byte>();
                        foreach (var r in group)
                        {
                            CsvWriter.WriteRow(projected, r, options, buffer);
                        }

                        await writers[group.Key].WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            foreach (var w in writers)
            {
                await w.FlushAsync(cancellationToken).ConfigureAwait(false);
                ((FileStream)w).Flush(flushToDisk: true);
                await w.DisposeAsync().ConfigureAwait(false);
            }

            writers.Clear();
            Directory.CreateDirectory(staging);
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }

            Directory.Move(staging, full);
            return mapper.Count;
        }
        finally
        {
            foreach (var w in writers)
            {
                await w.DisposeAsync().ConfigureAwait(false);
            }

            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static FileStream Open(string staging, RecordBatch batch, IReadOnlyList<string> partitionBy, int row, Schema fileSchema, CsvWriteOptions options)
    {
        var dir = staging;
        foreach (var key in partitionBy)
        {
            dir = Path.Combine(dir, $"{Escape(key)}={Escape(ValueText(batch.Column(key), row))}");
        }

        Directory.CreateDirectory(dir);
        var stream = new FileStream(Path.Combine(dir, "part-00000.csv"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        if (options.Header)
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Join(options.Delimiter, fileSchema.Fields.Select(f => f.Name)) + "\n"));
        }

        return stream;
    }

    private static string ValueText(Column column, int row)
    {
        if (column.IsNull(row))
        {
            return "__HIVE_DEFAULT_PARTITION__";
        }

        if (column is Utf8Column s)
        {
            return s.GetString(row)!;
        }

        Span<byte> buf = stackalloc byte[Utf8Format.MaxValueLength];
        return Encoding.UTF8.GetString(buf[..Utf8Format.Format(column, row, buf)]);
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '=' or '%' or ':' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 || sb.ToString() is "." or ".." ? "%2E" + sb : sb.ToString();
    }
}
