namespace Sluice.Streaming.Runtime;

/// <summary>
/// A bounded reservoir of latency samples (Vitter's algorithm R, fixed seed): every sample so far has the same chance of
/// being kept, so the percentiles of the reservoir estimate those of all samples.
/// </summary>
internal sealed class LatencySamples
{
    /// <summary>How many samples are kept at most.</summary>
    public const int Capacity = 100_000;

    private readonly List<double> _kept = [];
    private readonly Random _random = new(17);

    /// <summary>Samples added (kept or not).</summary>
    public long Count { get; private set; }

    public void Add(double value)
    {
        Count++;
        if (_kept.Count < Capacity)
        {
            _kept.Add(value);
        }
        else if (_random.NextInt64(Count) is var i && i < Capacity)
        {
            _kept[(int)i] = value;
        }
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100), or null without samples.</summary>
    public double? Percentile(double p)
    {
        if (_kept.Count == 0)
        {
            return null;
        }

        var sorted = _kept.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
