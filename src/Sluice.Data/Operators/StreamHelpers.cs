using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>Shared pieces of stream operators.</summary>
internal static class StreamHelpers
{
    /// <summary>Reads a whole stream into a list (the caller disposes the batches).</summary>
    public static async Task<List<RecordBatch>> BufferAsync(IAsyncEnumerable<RecordBatch> input, CancellationToken cancellationToken)
    {
        var list = new List<RecordBatch>();
        try
        {
            await foreach (var b in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                list.Add(b);
            }
        }
        catch
        {
            DisposeAll(list, 0);
            throw;
        }

        return list;
    }

    public static void DisposeAll(List<RecordBatch> batches, int from)
    {
        for (var i = from; i < batches.Count; i++)
        {
            batches[i].Dispose();
        }
    }

    /// <summary>A batch with column <paramref name="index"/> replaced (ownership of <paramref name="column"/> passes).</summary>
    public static RecordBatch Replace(RecordBatch batch, int index, Batches.Field field, Columns.Column column)
    {
        var cols = batch.Columns.Select((c, i) => i == index ? column : c.Retain()).ToArray();
        var schema = batch.Schema[index] == field ? batch.Schema : new Schema(batch.Schema.Fields.Select((f, i) => i == index ? field : f));
        return new RecordBatch(schema, cols, batch.RowCount);
    }
}
