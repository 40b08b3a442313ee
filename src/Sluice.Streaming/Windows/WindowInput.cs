using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Diagnostics;
using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Windows;

/// <summary>
/// What a window operator reads from its input schema — key columns, aggregate inputs, ranked and kept columns — and
/// the schema of the rows it emits: <c>window_start</c>, <c>window_end</c> (epoch milliseconds), the keys, then the
/// aggregates (or the kept columns of a top over events).
/// </summary>
internal sealed class WindowInput
{
    private readonly int[] _keys;
    private readonly int[] _aggregateInputs;
    private readonly int[] _kept;
    private readonly int _rank;

    public WindowInput(WindowSpec spec, Schema input, string where)
    {
        Spec = spec;
        int Require(string column, string role) => input.IndexOf(column) is var i and >= 0
            ? i
            : throw new SluiceException($"{where}: the {role} '{column}' is not a column of the stream here; the columns are {string.Join(", ", input.Fields.Select(static f => f.Name))}.");
        _keys = [.. spec.Keys.Select(k => Require(k, "key column"))];
        _aggregateInputs = [.. spec.Aggregates.Select(a => a.Column is null ? -1 : Require(a.Column, $"input of aggregate '{a.Name}'"))];
        IntegerInputs = [.. _aggregateInputs.Select(i => i >= 0 && input[i].Type.Kind is TypeKind.Int64 or TypeKind.Timestamp)];
        var fields = new List<Field> { new("window_start", DataType.Int64), new("window_end", DataType.Int64) };
        fields.AddRange(_keys.Select(i => input[i]));
        if (spec.Aggregates.Count > 0)
        {
            for (var a = 0; a < spec.Aggregates.Count; a++)
            {
                var agg = spec.Aggregates[a];
                var type = agg.Kind switch
                {
                    AggregateKind.Count or AggregateKind.CountDistinct => DataType.Int64,
                    AggregateKind.Mean or AggregateKind.Std => DataType.Float64,
                    AggregateKind.Sum => IntegerInputs[a] ? DataType.Int64 : DataType.Float64,
                    AggregateKind.Min or AggregateKind.Max => IntegerInputs[a] ? DataType.Int64 : input[_aggregateInputs[a]].Type.Kind == TypeKind.String ? DataType.String : DataType.Float64,
                    _ => input[_aggregateInputs[a]].Type,
                };
                fields.Add(new Field(agg.Name, type));
            }

            _kept = [];
            _rank = spec.Top is { } t ? spec.Aggregates.Select(static x => x.Name).ToList().IndexOf(t.By) : -1;
        }
        else
        {
            var top = spec.Top!;
            _rank = Require(top.By, "ranked column");
            _kept = [.. (top.Columns.Count > 0 ? top.Columns : input.Fields.Select(static f => f.Name)).Select(c => Require(c, "kept column"))];
            fields.AddRange(_kept.Select(i => input[i]));
        }

        Output = new Schema(fields);
        SingleNumberKey = _keys.Length == 1 && input[_keys[0]].Type.Kind is TypeKind.Int64 or TypeKind.Timestamp;
    }

    public WindowSpec Spec { get; }

    public Schema Output { get; }

    public bool[] IntegerInputs { get; }

    /// <summary>The aggregate ranked by <c>top</c>, or -1.</summary>
    public int RankedAggregate => Spec.Aggregates.Count > 0 ? _rank : -1;

    private bool SingleNumberKey { get; }

    /// <summary>Readers over one batch.</summary>
    public sealed class Bound(WindowInput input, RecordBatch batch)
    {
        public ColumnReader[] Keys { get; } = [.. input._keys.Select(i => new ColumnReader(batch.Column(i)))];

        public ColumnReader[] Aggregates { get; } = [.. input._aggregateInputs.Select(i => i < 0 ? default : new ColumnReader(batch.Column(i)))];

        public ColumnReader Rank { get; } = input.Spec.Aggregates.Count == 0 ? new ColumnReader(batch.Column(input._rank)) : default;

        public ColumnReader[] Kept { get; } = [.. input._kept.Select(i => new ColumnReader(batch.Column(i)))];

        public StreamKey Key(int row) => StreamKey.Of(Keys, input.SingleNumberKey, row);

        public object?[] KeyValues(int row) => [.. Keys.Select(k => k.Value(row))];

        public object?[] KeptValues(int row) => [.. Kept.Select(k => k.Value(row))];
    }

    /// <summary>One emitted row: window bounds, key values, aggregate results.</summary>
    public object?[] Row(long start, long end, Accumulators acc)
    {
        var row = new object?[Output.Count];
        row[0] = start;
        row[1] = end;
        acc.KeyValues.CopyTo(row, 2);
        for (var a = 0; a < Spec.Aggregates.Count; a++)
        {
            row[2 + acc.KeyValues.Length + a] = acc.Result(Spec.Aggregates[a], a, IntegerInputs[a]);
        }

        return row;
    }

    /// <summary>Builds a batch of emitted rows.</summary>
    public RecordBatch ToBatch(List<object?[]> rows)
    {
        var columns = new Column[Output.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var values = new object?[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                values[r] = rows[r][c];
            }

            columns[c] = Build(Output[c].Type, values);
        }

        return new RecordBatch(Output, columns, rows.Count);
    }

    /// <summary>A column from checkpointable values (timestamps as microseconds, dates as day numbers).</summary>
    internal static Column Build(DataType type, object?[] values)
    {
        var valid = values.Select(static v => v is not null).ToArray();
        return type.Kind switch
        {
            TypeKind.String => StringColumn.Create([.. values.Select(static v => v as string)]),
            TypeKind.Float64 => PrimitiveColumn<double>.Create(type, [.. values.Select(static v => v is null ? 0 : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))], valid),
            TypeKind.Bool => PrimitiveColumn<bool>.Create(type, [.. values.Select(static v => v is true)], valid),
            TypeKind.Date => PrimitiveColumn<int>.Create(type, [.. values.Select(static v => v is long l ? (int)l : 0)], valid),
            _ => PrimitiveColumn<long>.Create(type, [.. values.Select(static v => v is null ? 0 : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))], valid),
        };
    }
}
