using System.CommandLine;
using Sluice.Cli.Commands;
using Sluice.Cli.Output;

namespace Sluice.Cli;

/// <summary>The <c>sluice</c> command line: parses, reports usage errors with exit code 2, runs the command.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Sluice: data pipelines as durable DAGs.")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            GraphCommand.Create(),
            RunsCommand.Create(),
            ShowCommand.Create(),
            LogsCommand.Create(),
            ResumeCommand.Create(),
            ActionsCommand.Create(),
            SchemaCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync("Run 'sluice --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            Terminal.Error(ex.Message);
            return ex.ExitCode;
        }
    }
}
