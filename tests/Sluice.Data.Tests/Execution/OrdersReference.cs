using System.Globalization;
using System.Numerics;
using System.Text;

namespace Sluice.Data.Tests.Execution;

/// <summary>
/// A deliberately plain, row-by-row reading of shared/bench/WORKLOAD.md (strings, dictionaries, BigInteger),
/// sharing no code with the engine. Its agg.csv is the oracle for the operator composition.
/// </summary>
internal static class OrdersReference
{
    private sealed record Row(long Id, string Date, long Customer, string Category, long? Amount, long Quantity);

    public static (string Csv, string Summary) Run(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "orders.csv"));
        var rowsIn = lines.Length - 1;
        var survivors = new List<Row>();
        foreach (var line in lines.Skip(1))
        {
            var f = Split(line);
            var amountNegative = f[5].StartsWith('-');
            if (f[0].Length == 0 || !ValidTs(f[1]) || amountNegative)
            {
                continue;
            }

            survivors.Add(new Row(long.Parse(f[0], CultureInfo.InvariantCulture), f[1][..10], long.Parse(f[2], CultureInfo.InvariantCulture),
                f[3].Trim(' ').ToLowerInvariant(), f[5].Length == 0 ? null : ParseCents(f[5]), long.Parse(f[6], CultureInfo.InvariantCulture)));
        }

        var rejected = rowsIn - survivors.Count;
        var present = survivors.Where(r => r.Amount is not null).Select(r => r.Amount!.Value).Order().ToList();
        var n = present.Count;
        var median = n == 0 ? 0 : FloorDiv(present[(n - 1) / 2] + present[n / 2] + 1, 2);
        var seen = new HashSet<long>();
        var segments = File.ReadAllLines(Path.Combine(dir, "customers.csv")).Skip(1).Select(Split).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => f[1]);
        var clean = new List<(string Date, string Category, string Segment, long Amount, long Qty, long Revenue)>();
        foreach (var r in survivors)
        {
            if (!seen.Add(r.Id) || !segments.TryGetValue(r.Customer, out var segment))
            {
                continue;
            }

            var amount = r.Amount ?? median;
            clean.Add((r.Date, r.Category, segment, amount, r.Quantity, amount * r.Quantity));
        }

        var stats = clean.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => (N: (BigInteger)g.Count(), S: g.Aggregate(BigInteger.Zero, (s, c) => s + c.Revenue), Q: g.Aggregate(BigInteger.Zero, (s, c) => s + ((BigInteger)c.Revenue * c.Revenue))));
        bool Anomaly((string Date, string Category, string Segment, long Amount, long Qty, long Revenue) c)
        {
            var (sn, ss, sq) = stats[c.Category];
            var d = (sn * c.Revenue) - ss;
            return d * d > 9 * ((sn * sq) - (ss * ss));
        }

        var groups = clean.GroupBy(c => (c.Date, c.Category, c.Segment))
            .OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Segment, StringComparer.Ordinal)
            .ToList();
        var sb = new StringBuilder("order_date,category,segment,rows,revenue_sum,amount_avg,qty_max,anomalies\n");
        long anomalies = 0;
        foreach (var g in groups)
        {
            long rows = g.Count();
            var a = g.Sum(c => c.Amount);
            var anomalyCount = g.Count(Anomaly);
            anomalies += anomalyCount;
            sb.Append(CultureInfo.InvariantCulture, $"{g.Key.Date},{g.Key.Category},{g.Key.Segment},{rows},{Money(g.Sum(c => c.Revenue))},{Money(FloorDiv((2 * a) + rows, 2 * rows))},{g.Max(c => c.Qty)},{anomalyCount}\n");
        }

        var summary = $"{{\"rows_in\":{rowsIn},\"rows_rejected\":{rejected},\"rows_out_clean\":{clean.Count},\"groups\":{groups.Count},\"anomalies\":{anomalies}}}";
        return (sb.ToString(), summary);
    }

    private static bool ValidTs(string s)
    {
        if (s.Length != 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        foreach (var i in new[] { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18 })
        {
            if (s[i] is < '0' or > '9')
            {
                return false;
            }
        }

        int P(int at, int len) => int.Parse(s.AsSpan(at, len), CultureInfo.InvariantCulture);
        var (y, m, d) = (P(0, 4), P(5, 2), P(8, 2));
        return m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) && P(11, 2) <= 23 && P(14, 2) <= 59 && P(17, 2) <= 59;
    }

    private static long ParseCents(string s) => long.Parse(s.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static long FloorDiv(long a, long b) => (long)Math.Floor((decimal)a / b);

    private static string Money(long c) => $"{c / 100}.{c % 100:00}";

    /// <summary>RFC 4180 split of one line (no line breaks in fields).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return fields;
    }
}
