using System.CommandLine;
using Sluice.Cli.Graph;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice graph FILE [--format mermaid|dot]</c>: the DAG as text for docs and Graphviz.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file." };
        var format = new Option<string>("--format", "-f") { Description = "mermaid (default) or dot.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var cmd = new Command("graph", "Print the pipeline's DAG as Mermaid or Graphviz DOT.") { file, format };
        cmd.SetAction(parse =>
        {
            var loaded = PipelineFiles.LoadOrFail(parse.GetValue(file)!, CommonOptions.Actions(), quietWarnings: true);
            var text = parse.GetValue(format) == "dot" ? GraphWriter.Dot(loaded.Definition!) : GraphWriter.Mermaid(loaded.Definition!);
            Console.Out.Write(text);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
