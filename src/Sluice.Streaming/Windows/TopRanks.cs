using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Windows;

/// <summary>
/// The rows of one window whose ranked value is among the <c>n</c> largest distinct values, with every tie. A row
/// below the current threshold is rejected before it is materialized, so most events of a busy window cost a compare.
/// </summary>
internal sealed class TopRanks(int n)
{
    private static readonly Comparer<double> Descending = Comparer<double>.Create(static (a, b) => b.CompareTo(a));
    private readonly SortedDictionary<double, List<object?[]>> _ranks = new(Descending);

    public bool Dirty { get; set; }

    public bool Accepts(double value) => _ranks.Count < n || value >= _ranks.Keys.Last();

    public void Add(double value, object?[] row)
    {
        if (!_ranks.TryGetValue(value, out var rows))
        {
            _ranks[value] = rows = [];
            if (_ranks.Count > n)
            {
                _ranks.Remove(_ranks.Keys.Last());
            }
        }

        rows.Add(row);
    }

    public IEnumerable<object?[]> Rows => _ranks.Values.SelectMany(static r => r);

    public void Save(StateWriter w)
    {
        w.Write(Dirty);
        w.Write(_ranks.Count);
        foreach (var (value, rows) in _ranks)
        {
            w.Write(value);
            w.Write(rows.Count);
            foreach (var row in rows)
            {
                w.Write(row.Length);
                foreach (var v in row)
                {
                    w.WriteValue(v);
                }
            }
        }
    }

    public static TopRanks Load(StateReader r, int n)
    {
        var top = new TopRanks(n) { Dirty = r.ReadBool() };
        for (var k = r.ReadInt(); k > 0; k--)
        {
            var value = r.ReadDouble();
            var rows = new List<object?[]>();
            for (var c = r.ReadInt(); c > 0; c--)
            {
                var row = new object?[r.ReadInt()];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = r.ReadValue();
                }

                rows.Add(row);
            }

            top._ranks[value] = rows;
        }

        return top;
    }
}
