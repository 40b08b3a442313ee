#:project ../../src/Sluice.Data/Sluice.Data.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// Runs the quality checks of checks_vs_pandas.sh over a CSV file, streaming, and prints the results,
// the elapsed time and the peak working set. Usage: dotnet run checks_bench.cs -- orders.csv
using System.Diagnostics;
using Sluice.Data.Csv;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;

var path = args.Length > 0 ? args[0] : "/tmp/bench-data-10m/orders.csv";
string[] texts =
[
    "row_count > 0",
    "missing_count(customer_id) = 0",
    "missing_percent(amount) < 5",
    "duplicate_count(order_id) = 0",
    "invalid_count(category) = 0 valid values ('electronics', 'books', 'home', 'garden', 'beauty', 'toys', 'sports', 'grocery')",
    "avg(amount) between 1 and 1000",
    "min(quantity) >= 0",
];
var checks = texts.Select(t => CheckParser.Parse(t).Check ?? throw new InvalidOperationException(t)).ToList();
var watch = Stopwatch.StartNew();
var report = await QualityAnalyzer.AnalyzeAsync(CsvSource.Open(path), checks);
watch.Stop();
foreach (var r in report.Results)
{
    Console.WriteLine($"{r.Check.Text,-60} {r.Metric.Value,18:G10} {r.Outcome}");
}

Console.WriteLine($"sluice: rows={report.Rows} seconds={watch.Elapsed.TotalSeconds:F2} peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)}");
