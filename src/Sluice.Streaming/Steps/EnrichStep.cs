using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Steps;

/// <summary>
/// <c>enrich</c>: a stream–table join. The reference dataset (any dataset <see cref="DatasetReader"/> opens: a file,
/// an upstream batch task's output, a database table) is read whole into memory before the first batch and again every
/// <see cref="EnrichSpec.Refresh"/>; each event gains the columns of the reference row with its key (the last one read
/// when the key repeats). Left keeps events without a match (nulls), inner drops them. The reference data is not
/// checkpointed: a resumed task reads it again, as it is then.
/// </summary>
internal sealed class EnrichStep : IStreamStep, IDisposable
{
    private readonly EnrichSpec _spec;
    private readonly DatasetReader _reader;
    private readonly DatasetRef _dataset;
    private readonly string _where;
    private readonly KeyColumns _streamKeys;
    private readonly KeyColumns _referenceKeys;
    private readonly bool _numberKeys;
    private readonly Schema _referenceSchema;
    private readonly int[] _added;
    private readonly Dictionary<StreamKey, int> _index = [];
    private readonly List<int> _matched = [];
    private readonly List<int> _rows = [];
    private RecordBatch? _reference;
    private long _loadedAt;

    public EnrichStep(EnrichSpec spec, Schema input, DatasetReader reader, ActionContext context, string where)
    {
        _spec = spec;
        _reader = reader;
        _where = where;
        _dataset = DatasetArgument.Resolve(spec.With, $"{where}.with", context);
        _referenceSchema = reader.Open(_dataset).Source.Schema;
        _streamKeys = new KeyColumns(input, [.. spec.On.Select(static kv => kv.Key)], $"{where}.on");
        _referenceKeys = new KeyColumns(_referenceSchema, [.. spec.On.Select(static kv => kv.Value)], $"{where}.on (in the reference data '{_dataset.Path}')");
        _numberKeys = _streamKeys.IsSingleNumber && _referenceKeys.IsSingleNumber;
        var added = spec.Columns ?? [.. _referenceSchema.Fields.Select(static f => f.Name).Where(n => !spec.On.Any(kv => kv.Value == n))];
        _added = [.. added.Select(n => _referenceSchema.IndexOf(n) is var i and >= 0 ? i : throw new SluiceException($"{where}.columns: '{n}' is not a column of the reference data '{_dataset.Path}'; its columns are {string.Join(", ", _referenceSchema.Fields.Select(static f => f.Name))}."))];
        foreach (var i in _added)
        {
            if (input.IndexOf(_referenceSchema[i].Name) >= 0)
            {
                throw new SluiceException($"{where}: the reference column '{_referenceSchema[i].Name}' is already a column of the stream; name the columns to add in 'columns:' or rename the stream's column before this step.");
            }
        }

        Output = new Schema([.. input.Fields, .. _added.Select(i => _referenceSchema[i])]);
    }

    public Schema Output { get; }

    public long StateEntries => _index.Count;

    public async ValueTask RefreshAsync(StreamClock clock, CancellationToken cancellationToken)
    {
        if (_reference is not null && (_spec.Refresh == 0 || clock.Now - _loadedAt < _spec.Refresh))
        {
            return;
        }

        var opened = _reader.Open(_dataset);
        if (!opened.Source.Schema.Equals(_referenceSchema))
        {
            throw new SluiceException($"{_where}.with: the reference data '{_dataset.Path}' changed its columns while the stream ran (was {_referenceSchema}, now {opened.Source.Schema}); restart the task to read the new shape.");
        }

        using var table = await Table.FromAsync(_referenceSchema, opened.Source.ReadAsync(null, cancellationToken), cancellationToken).ConfigureAwait(false);
        var reference = table.ToBatch();
        _reference?.Dispose();
        _reference = reference;
        _loadedAt = clock.Now;
        _index.Clear();
        var keys = _referenceKeys.Bind(reference);
        for (var row = 0; row < reference.RowCount; row++)
        {
            _index[StreamKey.Of(keys, _numberKeys, row)] = row;
        }
    }

    public RecordBatch Apply(RecordBatch batch, StreamClock clock)
    {
        var reference = _reference ?? throw new InvalidOperationException("The reference data is read before the first batch.");
        var keys = _streamKeys.Bind(batch);
        _matched.Clear();
        _rows.Clear();
        for (var row = 0; row < batch.RowCount; row++)
        {
            var found = _index.TryGetValue(StreamKey.Of(keys, _numberKeys, row), out var at);
            if (found || !_spec.Inner)
            {
                _rows.Add(row);
                _matched.Add(found ? at : -1);
            }
        }

        using (batch)
        {
            var columns = new Column[Output.Count];
            var all = _rows.Count == batch.RowCount;
            var rows = _rows.ToArray();
            for (var c = 0; c < batch.Schema.Count; c++)
            {
                columns[c] = all ? batch.Column(c).Retain() : batch.Column(c).Gather(rows);
            }

            var matched = _matched.ToArray();
            for (var a = 0; a < _added.Length; a++)
            {
                columns[batch.Schema.Count + a] = reference.Column(_added[a]).Gather(matched);
            }

            return new RecordBatch(Output, columns, rows.Length);
        }
    }

    public void Dispose() => _reference?.Dispose();
}
