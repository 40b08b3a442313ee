using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Execution;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Cli.Commands;

/// <summary>What <c>run</c> and <c>resume</c> share: executor set-up, progress, summary, result line, exit code.</summary>
internal static class RunLoop
{
    public static async Task<RunOutcome> ExecuteAsync(SluiceStore opened, ActionRegistry actions, int? maxParallel, bool quiet, bool json,
        IReadOnlyDictionary<string, int> pools, Func<RunExecutor, CancellationToken, Task<RunOutcome>> run, CancellationToken cancellationToken)
    {
        var store = opened.State;
        var progress = new ProgressObserver(TimeProvider.System, quiet);
        RunOutcome outcome;
        await using (progress.ConfigureAwait(false))
        {
            var options = new ExecutorOptions
            {
                Observer = progress,
                ArtifactRoot = opened.ArtifactRoot,
                Pools = pools,
            };
            if (maxParallel is { } m)
            {
                if (m < 1)
                {
                    throw new CliException($"--max-parallel must be at least 1, was {m}");
                }
                options = options with { MaxParallelTasks = m };
            }
            // The run must record its cancellation even though Ctrl-C cancelled the command's token:
            // the executor gets the token and handles it; nothing here throws on it.
            outcome = await run(new RunExecutor(store, actions, options), cancellationToken).ConfigureAwait(false);
        }
        if (outcome.HasResult && !json)
        {
            // The result line is the only thing on stdout, so scripts can read it.
            await Console.Out.WriteLineAsync(Expressions.ExprValues.ToJsonText(outcome.Result)).ConfigureAwait(false);
        }
        if (json)
        {
            await Console.Out.WriteLineAsync(await RunReport.ToJsonAsync(outcome, store, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            await SummaryPrinter.PrintAsync(outcome, store, CancellationToken.None).ConfigureAwait(false);
        }
        return outcome;
    }

    public static int ExitCode(RunOutcome outcome) => outcome.State switch
    {
        RunState.Succeeded => ExitCodes.Success,
        RunState.Cancelled => ExitCodes.Interrupted,
        _ => ExitCodes.RunFailed,
    };
}
