using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Data.Arrow;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Parquet;

namespace Sluice.Bench;

/// <summary>
/// One Parquet write or read per process (so peak RSS belongs to it), for <c>bench/parquet/run.sh</c>:
/// <c>sluice</c> is <see cref="ParquetWriter"/>/<see cref="ParquetSource"/> as they are in this build;
/// <c>parquetsharp</c> and <c>parquetnet</c> are the libraries driven directly from and into our column batches.
/// The data is the same as the DuckDB side of the script generates: see <see cref="Generated"/>.
/// Prints one line: implementation, operation, rows, wall seconds, peak RSS (MiB), file bytes, checksum.
/// </summary>
internal static class ParquetCodecs
{
    private static readonly Schema DataSchema = new([
        new Field("id", DataType.Int64), new Field("qty", DataType.Int64), new Field("amount", DataType.Float64),
        new Field("category", DataType.String), new Field("note", DataType.String), new Field("day", DataType.Date), new Field("flag", DataType.Bool),
    ]);

    public static async Task<int> RunAsync(string op, string impl, string path, long rows)
    {
        var sw = Stopwatch.StartNew();
        double checksum = 0;
        switch (op, impl)
        {
            case ("write", "sluice"):
                await ParquetWriter.WriteAsync(new Generated(rows, 1 << 16), path, new ParquetWriteOptions { Compression = ParquetCompression.Snappy });
                break;
            case ("write", "parquetsharp"):
                ParquetSharpWrite(rows, path);
                break;
            case ("write", "parquetnet"):
                await ParquetNetWriteAsync(rows, path);
                break;
            case ("read", "sluice"):
                await foreach (var batch in ParquetSource.Open(path).ReadAsync())
                {
                    using (batch)
                    {
                        checksum += Checksum(batch);
                    }
                }
                break;
            case ("read", "parquetsharp"):
                checksum = await ParquetSharpReadAsync(path);
                break;
            case ("read", "parquetnet"):
                checksum = await ParquetNetReadAsync(path);
                break;
            default:
                Console.Error.WriteLine($"unknown: {op} {impl}");
                return 2;
        }

        var seconds = sw.Elapsed.TotalSeconds;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{impl}\t{op}\t{rows}\t{seconds:F3}\t{PeakRssMiB():F0}\t{new FileInfo(path).Length}\t{checksum:R}"));
        return 0;
    }

    /// <summary>Row i: id = i, qty = i % 97, amount = (i % 10007) * 0.25 or null when i % 50 = 0, category = 'cat' || i % 32,
    /// note = 'note-' || i % 100003, day = 2020-01-01 + i % 1500 days, flag = i % 3 = 0.</summary>
    private sealed class Generated(long rows, int batchRows) : IBatchSource
    {
        public Schema Schema => DataSchema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            for (long start = 0; start < rows; start += batchRows)
            {
                var n = (int)Math.Min(batchRows, rows - start);
                var batch = Batch(start, n);
                yield return transform is null ? batch : transform(batch);
            }
        }
    }

    private static readonly int Day0 = (int)(new DateOnly(2020, 1, 1).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);

    private static RecordBatch Batch(long start, int n)
    {
        var ids = new long[n];
        var qty = new long[n];
        var amount = new double[n];
        var valid = new bool[n];
        var days = new int[n];
        var flags = new bool[n];
        var category = new Utf8Builder(n, n * 6);
        var note = new Utf8Builder(n, n * 11);
        Span<byte> text = stackalloc byte[32];
        for (var r = 0; r < n; r++)
        {
            var i = start + r;
            ids[r] = i;
            qty[r] = i % 97;
            valid[r] = i % 50 != 0;
            amount[r] = valid[r] ? (i % 10007) * 0.25 : 0;
            days[r] = Day0 + (int)(i % 1500);
            flags[r] = i % 3 == 0;
            "cat"u8.CopyTo(text);
            (i % 32).TryFormat(text[3..], out var w, default, CultureInfo.InvariantCulture);
            category.Append(text[..(3 + w)]);
            "note-"u8.CopyTo(text);
            (i % 100003).TryFormat(text[5..], out w, default, CultureInfo.InvariantCulture);
            note.Append(text[..(5 + w)]);
        }

        return new RecordBatch(DataSchema, [
            PrimitiveColumn<long>.Create(DataType.Int64, ids), PrimitiveColumn<long>.Create(DataType.Int64, qty),
            PrimitiveColumn<double>.Create(DataType.Float64, amount, valid), category.Build(), note.Build(),
            PrimitiveColumn<int>.Create(DataType.Date, days), PrimitiveColumn<bool>.Create(DataType.Bool, flags),
        ], n);
    }

    /// <summary>Sums id and amount and the string bytes, so every column a reader returns is touched.</summary>
    private static double Checksum(RecordBatch batch)
    {
        double sum = 0;
        foreach (var v in ((PrimitiveColumn<long>)batch.Column("id")).Values)
        {
            sum += v;
        }

        foreach (var v in ((PrimitiveColumn<double>)batch.Column("amount")).Values)
        {
            sum += v;
        }

        var note = (Utf8Column)batch.Column("note");
        for (var r = 0; r < batch.RowCount; r++)
        {
            sum += note.GetBytes(r).Length;
        }

        return sum;
    }

    private static void ParquetSharpWrite(long rows, string path)
    {
        using var props = new ParquetSharp.WriterPropertiesBuilder().Compression(ParquetSharp.Compression.Snappy).Build();
        var arrowSchema = new Apache.Arrow.Schema([.. DataSchema.Fields.Select(static f => new Apache.Arrow.Field(f.Name, ArrowTypes.Of(f.Type), true))], null);
        using var writer = new ParquetSharp.Arrow.FileWriter(path, arrowSchema, props);
        for (long start = 0; start < rows; start += 1 << 16)
        {
            using var batch = Batch(start, (int)Math.Min(1 << 16, rows - start));
            using var arrow = new Apache.Arrow.RecordBatch(arrowSchema, [.. batch.Columns.Select(ColumnsToArrow.Convert)], batch.RowCount);
            writer.WriteBufferedRecordBatch(arrow);
        }

        writer.Close();
    }

    private static async Task<double> ParquetSharpReadAsync(string path)
    {
        using var reader = new ParquetSharp.Arrow.FileReader(path);
        using var stream = reader.GetRecordBatchReader();
        var convert = new ArrowToColumns();
        double checksum = 0;
        while (await stream.ReadNextRecordBatchAsync() is { } arrow)
        {
            using (arrow)
            {
                var columns = new Column[arrow.ColumnCount];
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c] = convert.Convert(arrow.Column(c), path, arrow.Schema.FieldsList[c].Name);
                }

                using var batch = new RecordBatch(new Schema(arrow.Schema.FieldsList.Select((f, c) => new Field(f.Name, columns[c].Type))), columns, arrow.Length);
                checksum += Checksum(batch);
            }
        }

        return checksum;
    }

    private static async Task ParquetNetWriteAsync(long rows, string path)
    {
        var fields = new Parquet.Schema.DataField[]
        {
            new Parquet.Schema.DataField<long>("id"), new Parquet.Schema.DataField<long>("qty"), new Parquet.Schema.DataField<double?>("amount"),
            new Parquet.Schema.DataField<string>("category"), new Parquet.Schema.DataField<string>("note"), new Parquet.Schema.DataField<DateOnly>("day"),
            new Parquet.Schema.DataField<bool>("flag"),
        };
        await using var file = File.Create(path);
        await using var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(fields), file, new Parquet.ParquetOptions { CompressionMethod = Parquet.CompressionMethod.Snappy, UseDateOnlyTypeForDates = true });
        const int groupRows = 1 << 20;
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);
        for (long start = 0; start < rows; start += groupRows)
        {
            var n = (int)Math.Min(groupRows, rows - start);
            using var batch = Batch(start, n);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(fields[0], ((PrimitiveColumn<long>)batch.Column(0)).Values.ToArray());
            await group.WriteAsync<long>(fields[1], ((PrimitiveColumn<long>)batch.Column(1)).Values.ToArray());
            var amounts = new double?[n];
            var amountColumn = (PrimitiveColumn<double>)batch.Column(2);
            for (var r = 0; r < n; r++)
            {
                amounts[r] = amountColumn.IsNull(r) ? null : amountColumn.Values[r];
            }

            await group.WriteAsync<double>(fields[2], (ReadOnlyMemory<double?>)amounts);
            await group.WriteAsync(fields[3], Strings((Utf8Column)batch.Column(3)));
            await group.WriteAsync(fields[4], Strings((Utf8Column)batch.Column(4)));
            await group.WriteAsync<DateOnly>(fields[5], ((PrimitiveColumn<int>)batch.Column(5)).Values.ToArray().Select(d => epoch.AddDays(d)).ToArray());
            await group.WriteAsync<bool>(fields[6], ((PrimitiveColumn<bool>)batch.Column(6)).Values.ToArray());
        }
    }

    private static string[] Strings(Utf8Column column)
    {
        var values = new string[column.Length];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = column.GetString(r)!;
        }

        return values;
    }

    private static async Task<double> ParquetNetReadAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var reader = await Parquet.ParquetReader.CreateAsync(file);
        var fields = reader.Schema.GetDataFields();
        double checksum = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var columns = new Column[fields.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c] = await ReadColumnAsync(group, fields[c], n);
            }

            using var batch = new RecordBatch(new Schema(fields.Select((f, c) => new Field(f.Name, columns[c].Type))), columns, n);
            checksum += Checksum(batch);
        }

        return checksum;
    }

    private static async Task<Column> ReadColumnAsync(Parquet.ParquetRowGroupReader group, Parquet.Schema.DataField field, int n)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string))
        {
            var values = new string?[n];
            await group.ReadAsync(field, values.AsMemory());
            var builder = new Utf8Builder(n, n * 8);
            foreach (var v in values)
            {
                if (v is null)
                {
                    builder.AppendNull();
                }
                else
                {
                    builder.Append(Encoding.UTF8.GetBytes(v));
                }
            }

            return builder.Build();
        }

        if (type == typeof(ReadOnlyMemory<char>))
        {
            var values = new ReadOnlyMemory<char>?[n];
            await group.ReadAsync<ReadOnlyMemory<char>>(field, values.AsMemory());
            var builder = new Utf8Builder(n, n * 8);
            var utf8 = new byte[256];
            foreach (var v in values)
            {
                if (v is not { } chars)
                {
                    builder.AppendNull();
                    continue;
                }

                if (Encoding.UTF8.GetMaxByteCount(chars.Length) > utf8.Length)
                {
                    utf8 = new byte[Encoding.UTF8.GetMaxByteCount(chars.Length)];
                }

                builder.Append(utf8.AsSpan(0, Encoding.UTF8.GetBytes(chars.Span, utf8)));
            }

            return builder.Build();
        }

        if (type == typeof(long))
        {
            var values = new long?[n];
            await group.ReadAsync<long>(field, values.AsMemory());
            return PrimitiveColumn<long>.Create(DataType.Int64, [.. values.Select(static v => v ?? 0)], [.. values.Select(static v => v.HasValue)]);
        }

        if (type == typeof(double))
        {
            var values = new double?[n];
            await group.ReadAsync<double>(field, values.AsMemory());
            return PrimitiveColumn<double>.Create(DataType.Float64, [.. values.Select(static v => v ?? 0)], [.. values.Select(static v => v.HasValue)]);
        }

        if (type == typeof(bool))
        {
            var values = new bool?[n];
            await group.ReadAsync<bool>(field, values.AsMemory());
            return PrimitiveColumn<bool>.Create(DataType.Bool, [.. values.Select(static v => v ?? false)], [.. values.Select(static v => v.HasValue)]);
        }

        if (type == typeof(DateTime))
        {
            var values = new DateTime?[n];
            await group.ReadAsync<DateTime>(field, values.AsMemory());
            return PrimitiveColumn<int>.Create(DataType.Date, [.. values.Select(static v => v is { } d ? (int)(d - DateTime.UnixEpoch).TotalDays : 0)], [.. values.Select(static v => v.HasValue)]);
        }

        if (type == typeof(DateOnly))
        {
            var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
            var values = new DateOnly?[n];
            await group.ReadAsync<DateOnly>(field, values.AsMemory());
            return PrimitiveColumn<int>.Create(DataType.Date, [.. values.Select(v => v is { } d ? d.DayNumber - epoch : 0)], [.. values.Select(static v => v.HasValue)]);
        }

        throw new NotSupportedException($"{field.Name}: {field.ClrType}");
    }

    private static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
