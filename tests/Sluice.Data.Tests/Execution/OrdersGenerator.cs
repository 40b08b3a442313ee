using System.Globalization;
using System.Text;

namespace Sluice.Data.Tests.Execution;

/// <summary>
/// Small orders/customers files with the shape of shared/bench/gen_orders.py, but dirtier on purpose: many
/// duplicate ids (some whose first occurrence is rejected), empty ids and amounts, invalid timestamps (including
/// unpadded, leap-day and zone-suffixed ones), messy categories, negative and huge amounts, quoted notes with
/// commas and quotes, and customers missing from customers.csv.
/// </summary>
internal static class OrdersGenerator
{
    private static readonly string[] Categories = ["electronics", "books", "clothing", "home", "garden", "toys"];
    private static readonly string[] Segments = ["consumer", "smb", "enterprise"];
    private static readonly string[] BadTs =
    [
        "not-a-date", "N/A", "", "2026-02-30T12:00:00", "2026-13-01T08:00:00", "2026-01-15T25:00:00", "2026/01/15 10:00:00",
        "15.01.2026", "2026-1-05T10:00:00", "2026-01-05 10:00:00", "2026-01-05T10:00:00Z", "2026-01-05T10:00:60", " 2026-01-05T10:00:00",
        "2025-02-29T00:00:00",
    ];

    private static readonly string[] Notes = ["", "gift", "gift wrap, \"fragile\"", "said \"asap\", twice", "NA", "null"];

    public static void Write(string dir, int rows, int seed)
    {
        var rng = new Random(seed);
        var customers = 200;
        var sb = new StringBuilder("customer_id,segment,signup_date\n");
        for (var c = 1; c <= customers; c++)
        {
            if (c % 37 == 0)
            {
                continue; // a few customers do not exist: their orders are dropped by the inner join
            }

            sb.Append(CultureInfo.InvariantCulture, $"{c},{Segments[rng.Next(Segments.Length)]},2024-0{1 + rng.Next(9)}-1{rng.Next(10)}\n");
        }

        File.WriteAllText(Path.Combine(dir, "customers.csv"), sb.ToString());
        sb.Clear().Append("order_id,ts,customer_id,category,country,amount,quantity,note\n");
        long nextId = 5_000_000_000;
        for (var i = 0; i < rows; i++)
        {
            var u = rng.NextDouble();
            var id = u < 0.03 ? "" : u < 0.2 && nextId > 5_000_000_000 ? (5_000_000_000 + rng.NextInt64(nextId - 5_000_000_000)).ToString(CultureInfo.InvariantCulture) : (nextId++).ToString(CultureInfo.InvariantCulture);
            var ts = rng.NextDouble() < 0.05
                ? BadTs[rng.Next(BadTs.Length)]
                : rng.NextDouble() < 0.01
                    ? "2024-02-29T00:00:00"
                    : new DateTime(2026, 1, 1).AddSeconds(rng.Next(90 * 86400)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var cat = Categories[rng.Next(Categories.Length)];
            if (rng.NextDouble() < 0.1)
            {
                cat = new string(' ', rng.Next(3)) + new string([.. cat.Select(ch => rng.Next(2) == 0 ? char.ToUpperInvariant(ch) : ch)]) + new string(' ', 1 + rng.Next(2));
            }

            var a = rng.NextDouble();
            var amount = a < 0.05 ? "" : a < 0.08 ? Cents(-rng.Next(1, 50_000)) : a < 0.09 ? Cents(rng.Next(1_000_000, 9_999_999)) : a < 0.1 ? "0.00" : Cents(rng.Next(100, 50_000));
            var note = Notes[rng.Next(Notes.Length)];
            sb.Append(CultureInfo.InvariantCulture, $"{id},{ts},{1 + rng.Next(customers)},{Quote(cat)},US,{amount},{1 + rng.Next(20)},{Quote(note)}\n");
        }

        File.WriteAllText(Path.Combine(dir, "orders.csv"), sb.ToString());
    }

    private static string Cents(long c) => $"{(c < 0 ? "-" : "")}{Math.Abs(c) / 100}.{Math.Abs(c) % 100:00}";

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
