using System.Buffers;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Text;

namespace Sluice.Data.Csv;

/// <summary>
/// Writes batches as CSV: UTF-8 without BOM, LF after every line, a field quoted only when it contains the delimiter,
/// a quote, CR or LF (quotes doubled); values in canonical text (decimals with exactly their scale, e.g. <c>1234.50</c>).
/// Files are written atomically (see <see cref="AtomicFile"/>).
/// </summary>
public static class CsvWriter
{
    /// <summary>Reads <paramref name="source"/> and writes it to <paramref name="path"/>; returns the number of data rows.</summary>
    public static async Task<long> WriteAsync(IBatchSource source, string path, CsvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new CsvWriteOptions();
        long rows = 0;
        await AtomicFile.WriteAsync(
            path,
            async (stream, ct) =>
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 20);
                if (options.Header)
                {
                    WriteHeader(source.Schema, options, buffer);
                }

                await foreach (var batch in source.ReadAsync(null, ct).ConfigureAwait(false))
                {
                    using (batch)
                    {
                        for (var r = 0; r < batch.RowCount; r++)
                        {
                            WriteRow(batch, r, options, buffer);
                            if (buffer.WrittenCount > (1 << 20) - 4096)
                            {
                                await stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
                                buffer.ResetWrittenCount();
                            }
                        }

                        rows += batch.RowCount;
                    }
                }

                await stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static void WriteHeader(Schema schema, CsvWriteOptions options, ArrayBufferWriter<byte> output)
    {
        for (var c = 0; c < schema.Count; c++)
        {
            if (c > 0)
            {
                output.Write([(byte)options.Delimiter]);
            }

            WriteText(Encoding.UTF8.GetBytes(schema[c].Name), options, output);
        }

        output.Write("\n"u8);
    }

    /// <summary>Appends one row (with its LF) to <paramref name="output"/>.</summary>
    internal static void WriteRow(RecordBatch batch, int row, CsvWriteOptions options, IBufferWriter<byte> output)
    {
        for (var c = 0; c < batch.Columns.Count; c++)
        {
            if (c > 0)
            {
                output.GetSpan(1)[0] = (byte)options.Delimiter;
                output.Advance(1);
            }

            var col = batch.Column(c);
            if (col.IsNull(row))
            {
                continue;
            }

            if (col is Utf8Column s)
            {
                WriteText(s.GetBytes(row), options, output);
                continue;
            }

            var n = Utf8Format.Format(col, row, output.GetSpan(Utf8Format.MaxValueLength));
            output.Advance(n);
        }

        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private static void WriteText(ReadOnlySpan<byte> value, CsvWriteOptions options, IBufferWriter<byte> output)
    {
        var needsQuotes = value.IndexOfAny((byte)options.Delimiter, (byte)'"', (byte)'\n') >= 0 || value.IndexOf((byte)'\r') >= 0
            || (value.IsEmpty && options.QuoteEmptyStrings);
        if (!needsQuotes)
        {
            output.Write(value);
            return;
        }

        var span = output.GetSpan((value.Length * 2) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in value)
        {
            span[n++] = b;
            if (b == (byte)'"')
            {
                span[n++] = b;
            }
        }

        span[n++] = (byte)'"';
        output.Advance(n);
    }
}
