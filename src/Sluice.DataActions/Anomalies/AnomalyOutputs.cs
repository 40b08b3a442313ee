using System.Buffers;
using System.Globalization;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.DataActions.Common;
using Sluice.Datasets;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// Streams the input a second time and writes the three datasets at once: <c>anomalies</c> (flagged rows plus the score
/// column), <c>anomaly_scores</c> (every row plus the score and flag columns) and <c>normal_data</c> (unflagged rows,
/// input columns only). Row i of the stream is row i of the first pass.
/// </summary>
internal static class AnomalyOutputs
{
    /// <summary>The schemas of <c>anomalies</c>, <c>anomaly_scores</c> and <c>normal_data</c> for an input with <paramref name="input"/>'s columns.</summary>
    public static (Schema Anomalies, Schema Scores, Schema Normal) Schemas(Schema input)
    {
        var fields = input.Fields;
        var score = new Field(Unique("anomaly_score", fields), DataType.Float64);
        var flag = new Field(Unique("is_anomaly", fields), DataType.Bool);
        return (new Schema([.. fields, score]), new Schema([.. fields, score, flag]), input);
    }

    public static async Task<(DatasetRef Anomalies, DatasetRef Scores, DatasetRef Normal)> WriteAsync(
        IBatchSource input, AnomalyResult result, ActionContext context, CancellationToken cancellationToken)
    {
        var (scored, full, normal) = Schemas(input.Schema);
        var extra = new Schema(full[^2], full[^1]);
        ChannelBatchSource[] sinks = [new(scored), new(full), new(normal)];
        Directory.CreateDirectory(context.ArtifactDirectory);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        string[] names = ["anomalies", "anomaly_scores", "normal_data"];
        var writers = sinks.Select((s, i) => WriteOneAsync(s, names[i], context, cts)).ToArray();
        try
        {
            await ProduceAsync(input, result, extra, sinks, cts.Token).ConfigureAwait(false);
            foreach (var s in sinks)
            {
                s.Writer.TryComplete();
            }
        }
        catch (Exception ex)
        {
            foreach (var s in sinks)
            {
                s.Writer.TryComplete(ex);
                s.Drain();
            }

            await Task.WhenAll(writers.Select(static w => w.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            var failed = writers.FirstOrDefault(static w => w.IsFaulted && w.Exception!.InnerException is not OperationCanceledException);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && failed is not null)
            {
                await failed.ConfigureAwait(false); // a writer failed first: its error is the cause
            }

            throw;
        }

        var done = await Task.WhenAll(writers).ConfigureAwait(false);
        return (done[0], done[1], done[2]);
    }

    private static async Task<DatasetRef> WriteOneAsync(ChannelBatchSource sink, string name, ActionContext context, CancellationTokenSource cts)
    {
        try
        {
            return await ArtifactWriter.WriteAsync(sink, context, name, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ProduceAsync(IBatchSource input, AnomalyResult result, Schema extra, ChannelBatchSource[] sinks, CancellationToken cancellationToken)
    {
        var builder = new RowBatchBuilder(extra, 4096, dictionaryEncodeStrings: false);
        var text = new byte[32];
        var offset = 0;
        await foreach (var batch in input.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var n = batch.RowCount;
            var rows = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
            try
            {
                if ((long)offset + n > result.Flags.Length)
                {
                    throw new Diagnostics.SluiceException("the input changed while it was being read (more rows on the second pass)", true);
                }

                var flagged = 0;
                for (var i = 0; i < n; i++)
                {
                    var score = result.Scores[offset + i];
                    if (double.IsNaN(score))
                    {
                        builder.AppendNull(0);
                    }
                    else
                    {
                        score.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
                        builder.AppendText(0, text.AsSpan(0, written));
                    }

                    var isAnomaly = result.Flags[offset + i];
                    builder.AppendText(1, isAnomaly ? "true"u8 : "false"u8);
                    builder.EndRow();
                    flagged += isAnomaly ? 1 : 0;
                }

                using var columns = builder.Build();
                var all = new RecordBatch(sinks[1].Schema, [.. batch.Columns.Select(static c => c.Retain()), columns.Column(0).Retain(), columns.Column(1).Retain()], n);
                var anomalyRows = Select(result.Flags.AsSpan(offset, n), true, rows);
                using (var withScore = new RecordBatch(sinks[0].Schema, [.. batch.Columns.Select(static c => c.Retain()), columns.Column(0).Retain()], n))
                {
                    await sinks[0].Writer.WriteAsync(withScore.Gather(rows.AsSpan(0, anomalyRows)), cancellationToken).ConfigureAwait(false);
                }

                await sinks[1].Writer.WriteAsync(all, cancellationToken).ConfigureAwait(false);
                var normalRows = Select(result.Flags.AsSpan(offset, n), false, rows);
                await sinks[2].Writer.WriteAsync(batch.Gather(rows.AsSpan(0, normalRows)), cancellationToken).ConfigureAwait(false);
                offset += n;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(rows);
                batch.Dispose();
            }
        }

        if (offset != result.Flags.Length)
        {
            throw new Diagnostics.SluiceException("the input changed while it was being read (fewer rows on the second pass)", true);
        }
    }

    private static int Select(ReadOnlySpan<bool> flags, bool wanted, int[] rows)
    {
        var count = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] == wanted)
            {
                rows[count++] = i;
            }
        }

        return count;
    }

    private static string Unique(string name, IReadOnlyList<Field> fields)
    {
        var candidate = name;
        for (var i = 2; fields.Any(f => f.Name == candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }
}
