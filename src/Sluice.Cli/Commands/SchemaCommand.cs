using System.CommandLine;
using Sluice.Definition.Schema;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice schema</c>: the JSON Schema of pipeline YAML, for editors.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var cmd = new Command("schema", "Print the JSON Schema of pipeline files (point your editor's YAML plugin at it).");
        cmd.SetAction(_ =>
        {
            Console.Out.WriteLine(PipelineJsonSchema.Generate(CommonOptions.Actions()));
            return ExitCodes.Success;
        });
        return cmd;
    }
}
