using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ParquetSharp;
using Sluice.Data.Execution;
using Column = Sluice.Data.Columns.Column;
using RecordBatch = Sluice.Data.Batches.RecordBatch;
using Schema = Sluice.Data.Batches.Schema;

namespace Sluice.Data.Parquet;

/// <summary>
/// Decodes a file's row groups on several threads and hands the batches over in file order. Worker <c>w</c> of
/// <c>n</c> opens its own <see cref="ParquetFileReader"/> and reads row groups <c>w</c>, <c>w + n</c>, … batch by batch
/// (<see cref="ParquetLeaf"/> per column) into a channel that holds one batch (null ends a row group); the reader takes row group <c>g</c> from
/// worker <c>g mod n</c>. So at most two batches per worker are alive besides the caller's, whatever the file's size,
/// and a row group's pages are released as soon as it is read. The transform runs on the caller's side, in order:
/// transforms may keep state.
/// </summary>
internal sealed class ParquetRowGroups(string path, ParquetLeaf[] leaves, Schema schema, int rowGroups, int batchRows, string readHint)
{
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var workerCount = Math.Max(1, Math.Min(Environment.ProcessorCount, rowGroups));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channels = new Channel<RecordBatch?>[workerCount];
        var workers = new Task[workerCount];
        for (var w = 0; w < workerCount; w++)
        {
            channels[w] = Channel.CreateBounded<RecordBatch?>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            var (first, channel) = (w, channels[w].Writer);
            workers[w] = Task.Run(() => DecodeAsync(first, workerCount, channel, stop.Token), CancellationToken.None);
        }

        try
        {
            for (var g = 0; g < rowGroups; g++)
            {
                var reader = channels[g % workerCount].Reader;
                while (true)
                {
                    if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // The worker stopped early: its task holds the reason.
                        await workers[g % workerCount].ConfigureAwait(false);
                        throw new InvalidOperationException("A Parquet decoding worker stopped without an error.");
                    }

                    if (!reader.TryRead(out var batch))
                    {
                        continue;
                    }

                    if (batch is null)
                    {
                        break;
                    }

                    yield return transform is null ? batch : transform(batch);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var channel in channels)
            {
                while (channel.Reader.TryRead(out var left))
                {
                    left?.Dispose();
                }
            }

            foreach (var worker in workers)
            {
                try
                {
                    await worker.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DataException or OperationCanceledException)
                {
                    // Only the first error matters, and the caller has it (or stopped reading on purpose).
                }
            }

            foreach (var channel in channels)
            {
                while (channel.Reader.TryRead(out var left))
                {
                    left?.Dispose();
                }
            }
        }
    }

    private async Task DecodeAsync(int first, int step, ChannelWriter<RecordBatch?> output, CancellationToken cancellationToken)
    {
        try
        {
            using var file = Guard(() => new ParquetFileReader(path));
            var scratch = new ParquetScratch(batchRows, file.FileMetaData.NumColumns);
            for (var g = first; g < rowGroups; g += step)
            {
                using var group = Guard(() => file.RowGroup(g));
                var rows = group.MetaData.NumRows;
                var readers = new ColumnReader[leaves.Length];
                try
                {
                    for (var c = 0; c < leaves.Length; c++)
                    {
                        var leaf = leaves[c].Index;
                        readers[c] = Guard(() => group.Column(leaf));
                    }

                    for (long start = 0; start < rows; start += batchRows)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var batch = Read(readers, (int)Math.Min(batchRows, rows - start), scratch);
                        try
                        {
                            await output.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            batch.Dispose();
                            throw;
                        }
                    }
                }
                finally
                {
                    foreach (var reader in readers)
                    {
                        reader?.Dispose();
                    }
                }

                await output.WriteAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private RecordBatch Read(ColumnReader[] readers, int rows, ParquetScratch scratch)
    {
        var columns = new Column[leaves.Length];
        try
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var (leaf, reader) = (leaves[c], readers[c]);
                columns[c] = Guard(() => leaf.Read(reader, rows, scratch));
            }
        }
        catch
        {
            foreach (var column in columns)
            {
                column?.Dispose();
            }

            throw;
        }

        return new RecordBatch(schema, columns, rows);
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is DataException { InnerException: null } || ParquetSource.IsReaderError(ex))
        {
            throw new DataException($"{path}: corrupt Parquet data: {ex.Message}{readHint}", false, ex);
        }
    }
}
