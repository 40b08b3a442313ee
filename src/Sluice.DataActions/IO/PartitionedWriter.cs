using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Diagnostics;

namespace Sluice.DataActions.IO;

/// <summary>
/// Writes one file per partition, <c>root/key=value/…/part-00000.ext</c> (Hive layout: partition columns are in the
/// folder names, not in the files; null is <c>__HIVE_DEFAULT_PARTITION__</c>; <c>/ \ = %</c> and control characters
/// are %-escaped). Each partition streams to its own writer through a small bounded channel. Everything goes to a
/// staging folder that replaces the root only when complete.
/// </summary>
internal static class PartitionedWriter
{
    public static async Task<(long Rows, IReadOnlyList<string> Locations)> WriteAsync(IBatchSource source, string root, string format, WriteSettings settings, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var keys = settings.PartitionBy.Select(k => schema.IndexOf(k) is var i and >= 0 ? i : throw new SluiceException($"partition column '{k}' is not in the data (columns: {string.Join(", ", schema.Fields.Select(static f => f.Name))})")).ToArray();
        var keep = Enumerable.Range(0, schema.Count).Where(i => !keys.Contains(i)).ToArray();
        var fileSchema = new Schema(keep.Select(i => schema[i]));
        var full = Path.GetFullPath(root);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.staging");
        var partitions = new Dictionary<string, Partition>(StringComparer.Ordinal);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long rows = 0;
        try
        {
            await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    rows += batch.RowCount;
                    foreach (var (folder, indexes) in Group(batch, keys, schema))
                    {
                        if (!partitions.TryGetValue(folder, out var partition))
                        {
                            var file = Path.Combine(staging, folder, $"part-00000.{Extension(format)}");
                            partition = new Partition(fileSchema, file, format, settings, cts);
                            partitions[folder] = partition;
                        }

                        using var projected = new RecordBatch(fileSchema, [.. keep.Select(i => batch.Column(i).Retain())], batch.RowCount);
                        await partition.Channel.Writer.WriteAsync(projected.Gather(indexes.ToArray()), cts.Token).ConfigureAwait(false);
                    }
                }
            }

            foreach (var p in partitions.Values)
            {
                p.Channel.Writer.Complete();
            }

            await Task.WhenAll(partitions.Values.Select(static p => p.Writing)).ConfigureAwait(false);
            Swap(staging, full);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            foreach (var p in partitions.Values)
            {
                p.Channel.Writer.TryComplete();
            }

            await Task.WhenAll(partitions.Values.Select(static p => p.Writing)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            TryDelete(staging);
            if (partitions.Values.Select(static p => p.Writing.Exception?.InnerException).FirstOrDefault(static e => e is not null and not OperationCanceledException) is { } failure)
            {
                // The partition writer's error is the cause; the producer only saw the cancellation it triggered.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }

        return (rows, [.. partitions.Keys.Order(StringComparer.Ordinal).Select(k => Path.Combine(full, k, $"part-00000.{Extension(format)}"))]);
    }

    private static Dictionary<string, List<int>> Group(RecordBatch batch, int[] keys, Schema schema)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        for (var r = 0; r < batch.RowCount; r++)
        {
            sb.Clear();
            foreach (var k in keys)
            {
                if (sb.Length > 0)
                {
                    sb.Append('/');
                }

                sb.Append(Escape(schema[k].Name)).Append('=');
                var v = batch.Column(k).GetValue(r);
                sb.Append(v is null ? "__HIVE_DEFAULT_PARTITION__" : Escape(Text(v)));
            }

            var folder = sb.ToString();
            if (!groups.TryGetValue(folder, out var list))
            {
                list = [];
                groups[folder] = list;
            }

            list.Add(r);
        }

        return groups;
    }

    private static string Text(object v) => v switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '=' or '%' or ':' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 ? "%20" : sb.ToString();
    }

    private static string Extension(string format) => format;

    private static void Swap(string staging, string root)
    {
        if (!Directory.Exists(staging))
        {
            Directory.CreateDirectory(staging);
        }

        string? old = null;
        if (Directory.Exists(root))
        {
            old = root + $".{Guid.NewGuid():N}.old";
            Directory.Move(root, old);
        }
        else if (File.Exists(root))
        {
            throw new SluiceException($"cannot write partitions to '{root}': a file of that name exists");
        }

        Directory.Move(staging, root);
        if (old is not null)
        {
            TryDelete(old);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden staging folder is never mistaken for the target.
        }
    }

    private sealed class Partition
    {
        public Partition(Schema schema, string file, string format, WriteSettings settings, CancellationTokenSource cts)
        {
            Channel = System.Threading.Channels.Channel.CreateBounded<RecordBatch>(4);
            Writing = DatasetWriter.WriteFileAsync(new ChannelSource(schema, Channel.Reader), file, format, settings, cts.Token);
            _ = Writing.ContinueWith(static (t, state) => ((CancellationTokenSource)state!).Cancel(), cts, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        public Channel<RecordBatch> Channel { get; }

        public Task<long> Writing { get; }
    }

    private sealed class ChannelSource(Schema schema, ChannelReader<RecordBatch> reader) : IBatchSource
    {
        public Schema Schema => schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var b in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return transform is null ? b : transform(b);
            }
        }
    }
}
