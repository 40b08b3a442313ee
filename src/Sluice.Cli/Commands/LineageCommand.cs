using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Lineage;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice lineage RUN|DATASET [--upstream|--downstream] [--column C] [--json|--format mermaid]</c>: where a dataset came
/// from and what reads it, or everything a run read and wrote, from the lineage recorded with each task's success.
/// </summary>
internal static class LineageCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "A run id, or a dataset: a file path (relative to the current folder), a URL or a table handle." };
        var upstream = new Option<bool>("--upstream") { Description = "Only what produced the dataset (transitively)." };
        var downstream = new Option<bool>("--downstream") { Description = "Only what read the dataset (transitively)." };
        var column = new Option<string?>("--column", "-c") { Description = "Trace one column of the dataset back to the input columns it was computed from." };
        var format = new Option<string>("--format", "-f") { Description = "text (default), json or mermaid.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "mermaid");
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var cmd = new Command("lineage", "Show where a dataset came from and what reads it, or what a run read and wrote.") { target, upstream, downstream, column, format, store, json };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var st = opened.State;
            var what = parse.GetValue(target)!;
            LineageGraph graph;
            string dataset;
            if (await st.GetRunAsync(what, ct).ConfigureAwait(false) is not null)
            {
                graph = await LineageGraph.ForRunAsync(st, what, ct).ConfigureAwait(false);
                dataset = "";
            }
            else
            {
                dataset = what.Contains("://", StringComparison.Ordinal) || what.Contains('#', StringComparison.Ordinal) ? what : Path.GetFullPath(what);
                var (up, down) = (parse.GetValue(upstream), parse.GetValue(downstream));
                graph = await LineageGraph.ForDatasetAsync(st, dataset, up || !down, down || !up, ct).ConfigureAwait(false);
                if (graph.Datasets.Count == 0)
                {
                    throw new CliException($"no lineage recorded for '{what}' (looked for the run id and the dataset {dataset}); list runs with 'sluice runs'", ExitCodes.RunFailed);
                }
            }

            var outputFormat = parse.GetValue(json) ? "json" : parse.GetValue(format)!;
            if (parse.GetValue(column) is { } col)
            {
                if (dataset.Length == 0)
                {
                    throw new CliException("--column needs a dataset, not a run id", ExitCodes.Invalid);
                }

                var origins = graph.TraceColumn(dataset, col);
                if (outputFormat == "json")
                {
                    Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(origins.Select(static o => new { dataset = o.Dataset, column = o.Column, transformation = o.Transformation })));
                }
                else
                {
                    foreach (var o in origins)
                    {
                        Console.Out.WriteLine($"{o.Dataset} {o.Column}: {o.Transformation}");
                    }
                }

                return ExitCodes.Success;
            }

            switch (outputFormat)
            {
                case "json":
                    Console.Out.WriteLine(graph.ToJson());
                    break;
                case "mermaid":
                    Console.Out.Write(graph.ToMermaid());
                    break;
                default:
                    var o = Terminal.Out;
                    var table = new Table().AddColumns("dataset", "format", "rows", "produced by", "read by");
                    foreach (var (id, d) in graph.Datasets.OrderBy(static d => d.Key, StringComparer.Ordinal))
                    {
                        var producers = graph.Edges.Where(e => e.To == id).Select(static e => e.From);
                        var readers = graph.Edges.Where(e => e.From == id).Select(static e => e.To);
                        table.AddRow(Markup.Escape(id), Markup.Escape(d.Format), d.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                            Markup.Escape(string.Join(", ", producers)), Markup.Escape(string.Join(", ", readers)));
                    }

                    o.Write(table);
                    break;
            }

            return ExitCodes.Success;
        });
        return cmd;
    }
}
