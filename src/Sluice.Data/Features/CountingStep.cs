using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>One-hot (top k + other) and frequency encoding: value counts in the fit pass (one entry per distinct value).</summary>
internal sealed class CountingStep(FeatureSpec spec) : FeatureStep(spec)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _nonNull;
    private readonly Dictionary<string, int> _topIndex = new(StringComparer.Ordinal);
    private string[] _top = [];
    private Field[] _fields = [];

    public override bool NeedsFit => true;

    public override IReadOnlyList<Field> Fields => _fields;

    public override void Fit(Column column)
    {
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var r = 0; r < column.Length; r++)
        {
            if (column.IsNull(r))
            {
                continue;
            }

            _nonNull++;
            var text = Cells.Text(column, r, ref _buffer);
            lookup[text] = lookup.TryGetValue(text, out var c) ? c + 1 : 1;
        }
    }

    /// <summary>Fixes the output columns once every batch has been seen.</summary>
    public void Complete()
    {
        if (Spec.Kind == FeatureKind.Frequency)
        {
            _fields = [new Field($"{Spec.Column}_freq", DataType.Float64)];
            return;
        }

        _top = [.. _counts.OrderByDescending(static kv => kv.Value).ThenBy(static kv => kv.Key, StringComparer.Ordinal).Take(Spec.TopK).Select(static kv => kv.Key)];
        for (var i = 0; i < _top.Length; i++)
        {
            _topIndex[_top[i]] = i;
        }

        _fields = [.. _top.Append(Spec.OtherLabel).Select(v => new Field($"{Spec.Column}_{v}", DataType.Int64))];
    }

    public override void Transform(Column column, Column? key, List<Column> output)
    {
        var n = column.Length;
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (Spec.Kind == FeatureKind.Frequency)
        {
            output.Add(Doubles(n, r => column.IsNull(r) ? null
                : (double)(lookup.TryGetValue(Cells.Text(column, r, ref _buffer), out var c) ? c : 0) / _nonNull));
            return;
        }

        var top = _topIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var slot = new int[n];
        for (var r = 0; r < n; r++)
        {
            slot[r] = column.IsNull(r) ? -1 : top.TryGetValue(Cells.Text(column, r, ref _buffer), out var i) ? i : _top.Length;
        }

        for (var f = 0; f <= _top.Length; f++)
        {
            var target = f;
            output.Add(Longs(n, r => slot[r] == target ? 1 : 0));
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Spec.Kind}({Spec.Column})");
}
