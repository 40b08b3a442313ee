using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Data;
using Sluice.Data.Csv;
using Sluice.Data.Profiling;
using Sluice.Data.Quarantine;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice profile FILE</c>: a per-column profile of a CSV file, streamed in bounded memory.</summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV file (optionally .gz)." };
        var json = CommonOptions.Json();
        var delimiter = new Option<char>("--delimiter", "-d") { Description = "Field delimiter. The default is ','.", DefaultValueFactory = _ => ',' };
        var top = new Option<int>("--top") { Description = "How many most frequent values to show. The default is 5.", DefaultValueFactory = _ => 5 };
        var distinctCap = new Option<int>("--distinct-cap") { Description = "Distinct values counted exactly per column before estimating. The default is 100000.", DefaultValueFactory = _ => 100_000 };
        var cmd = new Command("profile", "Profile a CSV file: type, nulls, distinct, min, max, mean, std, quantiles and top values per column.")
        {
            file, json, delimiter, top, distinctCap,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"no file '{path}'");
            }
            var quarantine = new QuarantineCollector(capacity: 5);
            CsvSource source;
            try
            {
                source = CsvSource.Open(path, new CsvReadOptions { Delimiter = parse.GetValue(delimiter) }, quarantine);
            }
            catch (DataException ex)
            {
                throw new CliException(ex.Message, ExitCodes.RunFailed);
            }

            var options = new ProfileOptions { TopValues = Math.Max(0, parse.GetValue(top)), DistinctCap = Math.Max(1, parse.GetValue(distinctCap)) };
            var profile = await DataProfiler.ProfileAsync(source, options, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(path, profile, quarantine.Count)));
            }
            else
            {
                Print(path, profile, quarantine);
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static object ToJson(string path, DatasetProfile profile, long quarantined) => new
    {
        file = path,
        rows = profile.Rows,
        quarantined,
        columns = profile.Columns.Select(static c => new
        {
            name = c.Name,
            type = c.Type,
            rows = c.Rows,
            nulls = c.Nulls,
            null_fraction = c.NullFraction,
            distinct = c.Distinct,
            distinct_exact = c.DistinctIsExact,
            min = c.Min,
            max = c.Max,
            mean = c.Mean,
            std = c.Std,
            quantiles = c.Quantiles.ToDictionary(static q => q.Probability.ToString(CultureInfo.InvariantCulture), static q => q.Value),
            quantiles_exact = c.QuantilesAreExact,
            top_values = c.TopValues.Select(static t => new { value = t.Value, count = t.Count }),
        }),
    };

    private static void Print(string path, DatasetProfile profile, QuarantineCollector quarantine)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(path)}: {profile.Rows:N0} rows");
        foreach (var h in new[] { "column", "type", "nulls", "distinct", "min", "max", "mean", "std", "p25 / p50 / p75", "top values" })
        {
            table.AddColumn(h);
        }

        foreach (var c in profile.Columns)
        {
            table.AddRow(
                Markup.Escape(c.Name),
                c.Type,
                c.Nulls.ToString("N0", CultureInfo.InvariantCulture) + (c.Nulls > 0 ? $" ({c.NullFraction.ToString("P1", CultureInfo.InvariantCulture)})" : ""),
                c.DistinctIsExact ? c.Distinct.ToString("N0", CultureInfo.InvariantCulture) : $"≈ {c.Distinct:N0}",
                Markup.Escape(Short(c.Min)),
                Markup.Escape(Short(c.Max)),
                Number(c.Mean),
                Number(c.Std),
                c.Quantiles.Count == 0 ? "" : (c.QuantilesAreExact ? "" : "≈ ") + string.Join(" / ", c.Quantiles.Select(static q => Number(q.Value))),
                Markup.Escape(TopValues(c)));
        }

        Terminal.Out.Write(table);
        if (quarantine.Count > 0)
        {
            Terminal.Note($"{quarantine.Count:N0} malformed record(s) skipped; first at line {quarantine.Records[0].Line}: {quarantine.Records[0].Reason}");
        }
    }

    // A column whose most frequent value occurs once (an id) has no interesting top values.
    private static string TopValues(ColumnProfile c) => c.TopValues.Count == 0 || c.TopValues[0].Count < 2
        ? ""
        : string.Join(", ", c.TopValues.Select(static t => $"{Short(t.Value)} ({t.Count:N0})"));

    private static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";

    private static string Short(string? text) => text is null ? "" : text.Length <= 24 ? text : text[..23] + "…";
}
