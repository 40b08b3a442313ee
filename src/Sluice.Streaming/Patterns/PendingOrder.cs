using System.Globalization;

namespace Sluice.Streaming.Patterns;

/// <summary>
/// The order in which a pattern takes its events: by event time, then by what the event is (the steps it matches, its
/// key, its values), so events with equal times are taken in the same order however they arrived.
/// </summary>
internal sealed class PendingOrder : IComparer<Pending>
{
    public static PendingOrder Instance { get; } = new();

    public int Compare(Pending? x, Pending? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var c = x.Time.CompareTo(y.Time);
        c = c != 0 ? c : x.Mask.CompareTo(y.Mask);
        c = c != 0 ? c : x.Key.Number.CompareTo(y.Key.Number);
        c = c != 0 ? c : string.CompareOrdinal(x.Key.Text, y.Key.Text);
        for (var i = 0; c == 0 && i < x.Values.Length; i++)
        {
            c = Value(x.Values[i], y.Values[i]);
        }

        return c;
    }

    private static int Value(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (long l, long m) => l.CompareTo(m),
        (double d, double e) => d.CompareTo(e),
        (string s, string t) => string.CompareOrdinal(s, t),
        (bool p, bool q) => p.CompareTo(q),
        _ => string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture)),
    };
}
