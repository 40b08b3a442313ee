using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.Data.Profiling;

/// <summary>
/// Profiles a stream of batches column by column in bounded memory: type, nulls, distinct count, min, max, mean, sample
/// std, quantiles and top values. Exact up to the caps in <see cref="ProfileOptions"/>, sketched beyond (and flagged so).
/// </summary>
/// <example>
/// <code>
/// var profile = await DataProfiler.ProfileAsync(CsvSource.Open("orders.csv"));
/// </code>
/// </example>
public sealed class DataProfiler
{
    private readonly ColumnProfiler[] _columns;
    private long _rows;

    /// <summary>Creates a profiler for batches of <paramref name="schema"/>.</summary>
    public DataProfiler(Schema schema, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new ProfileOptions();
        _columns = [.. schema.Fields.Select(f => new ColumnProfiler(f, options))];
    }

    /// <summary>Adds one batch (the caller keeps ownership).</summary>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _rows += batch.RowCount;
        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c].Add(batch.Column(c));
        }
    }

    /// <summary>The profile of every batch so far.</summary>
    public DatasetProfile Complete() => new(_rows, [.. _columns.Select(static c => c.Complete())]);

    /// <summary>Reads <paramref name="source"/> to the end and profiles it.</summary>
    public static async Task<DatasetProfile> ProfileAsync(IBatchSource source, ProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var profiler = new DataProfiler(source.Schema, options);
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                profiler.Add(batch);
            }
        }

        return profiler.Complete();
    }
}
