using System.Buffers;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Text;

namespace Sluice.Data.Json;

/// <summary>
/// Writes batches as JSON Lines or as a JSON array of objects: UTF-8 without BOM, one object per line, keys in schema
/// order, nulls as <c>null</c>, numbers and decimals as JSON numbers (<c>12.50</c>), dates and timestamps as strings,
/// non-finite floats as null. Files are written atomically (see <see cref="AtomicFile"/>).
/// </summary>
public static class JsonWriter
{
    /// <summary>Reads <paramref name="source"/> and writes it to <paramref name="path"/>; returns the number of rows.</summary>
    public static async Task<long> WriteAsync(IBatchSource source, string path, JsonFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var keys = source.Schema.Fields.Select(static f => Key(f.Name)).ToArray();
        long rows = 0;
        await AtomicFile.WriteAsync(
            path,
            async (stream, ct) =>
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 20);
                if (format == JsonFormat.Array)
                {
                    buffer.Write("["u8);
                }

                await foreach (var batch in source.ReadAsync(null, ct).ConfigureAwait(false))
                {
                    using (batch)
                    {
                        for (var r = 0; r < batch.RowCount; r++)
                        {
                            if (format == JsonFormat.Array)
                            {
                                buffer.Write(rows == 0 ? "\n"u8 : ",\n"u8);
                            }

                            WriteRow(batch, r, keys, buffer);
                            if (format == JsonFormat.Lines)
                            {
                                buffer.Write("\n"u8);
                            }

                            rows++;
                            if (buffer.WrittenCount > (1 << 20) - 4096)
                            {
                                await stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
                                buffer.ResetWrittenCount();
                            }
                        }
                    }
                }

                if (format == JsonFormat.Array)
                {
                    buffer.Write(rows == 0 ? "]\n"u8 : "\n]\n"u8);
                }

                await stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static byte[] Key(string name)
    {
        var b = new ArrayBufferWriter<byte>();
        WriteString(Encoding.UTF8.GetBytes(name), b);
        b.Write(":"u8);
        return b.WrittenSpan.ToArray();
    }

    private static void WriteRow(RecordBatch batch, int row, byte[][] keys, ArrayBufferWriter<byte> output)
    {
        output.Write("{"u8);
        for (var c = 0; c < keys.Length; c++)
        {
            if (c > 0)
            {
                output.Write(","u8);
            }

            output.Write(keys[c]);
            var col = batch.Column(c);
            if (col.IsNull(row))
            {
                output.Write("null"u8);
            }
            else if (col is Utf8Column s)
            {
                WriteString(s.GetBytes(row), output);
            }
            else if (col is PrimitiveColumn<double> f && !double.IsFinite(f.Values[row]))
            {
                output.Write("null"u8);
            }
            else
            {
                var quote = col.Type.Kind is TypeKind.Date or TypeKind.Timestamp;
                if (quote)
                {
                    output.Write("\""u8);
                }

                var n = Utf8Format.Format(col, row, output.GetSpan(Utf8Format.MaxValueLength));
                output.Advance(n);
                if (quote)
                {
                    output.Write("\""u8);
                }
            }
        }

        output.Write("}"u8);
    }

    private static void WriteString(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan((value.Length * 6) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in value)
        {
            switch (b)
            {
                case (byte)'"' or (byte)'\\':
                    span[n++] = (byte)'\\';
                    span[n++] = b;
                    break;
                case (byte)'\n':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'n';
                    break;
                case (byte)'\r':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'r';
                    break;
                case (byte)'\t':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'t';
                    break;
                case < 0x20:
                    "\\u00"u8.CopyTo(span[n..]);
                    span[n + 4] = (byte)"0123456789abcdef"[b >> 4];
                    span[n + 5] = (byte)"0123456789abcdef"[b & 15];
                    n += 6;
                    break;
                default:
                    span[n++] = b;
                    break;
            }
        }

        span[n++] = (byte)'"';
        output.Advance(n);
    }
}
