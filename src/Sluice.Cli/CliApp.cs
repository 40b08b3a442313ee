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
            InitCommand.Create(),
            RunCommand.Create(),
            ValidateCommand.Create(),
            GraphCommand.Create(),
            RunsCommand.Create(),
            ShowCommand.Create(),
            VersionsCommand.Create(),
            LineageCommand.Create(),
            LogsCommand.Create(),
            ResumeCommand.Create(),
            ClearCommand.CreateClear(),
            ClearCommand.CreateMark(),
            PauseCommand.Create(pause: true),
            PauseCommand.Create(pause: false),
            ActionsCommand.Create(),
            SchemaCommand.Create(),
            ServeCommand.Create(),
            DbCommand.Create(),
            BackfillCommand.Create(),
            ProfileCommand.Create(),
            WorkerCommand.Create(),
            TaskCommand.Create(),
            ExportCommand.Create(),
            TestCommand.Create(),
            ReportCommand.Create(),
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
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            Terminal.Error(ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (StoreErrors.OnWrite(ex) is { } message)
        {
            // A full disk or an I/O error under the store while a command runs: say so, not SQLite's code.
            Terminal.Error(message);
            return ExitCodes.RunFailed;
        }
        catch (Diagnostics.SluiceException ex)
        {
            Terminal.Error(ex.Message);
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            Terminal.Error("interrupted");
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // Last line of defence: a bug must still end with a clear message and a non-zero exit code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Terminal.Error($"internal error ({ex.GetType().Name}): {ex.Message}");
            if (Environment.GetEnvironmentVariable("SLUICE_DEBUG") == "1")
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }
            else
            {
                Terminal.Note("This is a bug in Sluice. Set SLUICE_DEBUG=1 for the stack trace and report it.");
            }
            return 70;
        }
    }
}
