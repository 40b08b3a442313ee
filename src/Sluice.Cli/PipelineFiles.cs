using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Definition.Yaml;

namespace Sluice.Cli;

/// <summary>Loads a pipeline file for a command, printing every diagnostic; invalid files end the command with exit code 2.</summary>
internal static class PipelineFiles
{
    public static LoadResult LoadOrFail(string path, ActionRegistry actions, bool quietWarnings = false)
    {
        var result = PipelineLoader.LoadFile(path, actions);
        DiagnosticPrinter.Print(result.Diagnostics, quietWarnings && result.Success);
        if (!result.Success)
        {
            var errors = result.Errors.Count();
            throw new CliException($"{path}: {errors} error(s); nothing was run.");
        }
        return result;
    }
}
