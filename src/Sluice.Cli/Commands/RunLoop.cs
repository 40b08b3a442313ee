using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Definition;
using Sluice.DataActions.Reporting;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.Files;
using Sluice.Hosting;
using Sluice.Hosting.OpenLineage;
using Sluice.Sla;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Cli.Commands;

/// <summary>
/// What <c>run</c>, <c>run --distributed</c> and <c>resume</c> share: the engine set-up, live progress, the result
/// line, the summary or <c>--json</c> report, and the exit code. Both engines report through the same
/// <see cref="IRunObserver"/> and <see cref="RunOutcome"/>, so the output does not depend on which one ran.
/// </summary>
internal static class RunLoop
{
    /// <summary>
    /// Runs <paramref name="run"/> (given the progress display to observe it with); prints the outcome and returns the
    /// exit code. For a data pipeline the processing report is saved in the run's artifact folder (and to
    /// <paramref name="reportFile"/> when given) and printed after the summary.
    /// </summary>
    public static async Task<int> ExecuteAsync(SluiceStore opened, PipelineDefinition definition, bool quiet, bool json, string? reportFile,
        Func<IRunObserver, CancellationToken, Task<RunOutcome>> run, CancellationToken cancellationToken)
    {
        var store = opened.State;
        // The live table only where a person watches: stderr is a terminal and neither --quiet nor --json asked for less.
        var progress = new ProgressObserver(TimeProvider.System, quiet, !quiet && !json && Terminal.ErrorIsTerminal ? Terminal.Diag : null).Start();
        // SLA misses are warned about while the run goes on (even with --quiet) and recorded on the run for 'sluice show'.
        var sla = new SlaWatch(_ => definition, store, TimeProvider.System,
            static m => Terminal.Warning($"SLA missed: {m.Describe()}, run {m.Miss.RunId}" + (m.RecordError is { } e ? $" (not recorded: {e.Message})" : "")));
        // Read before the run starts, so a bad openlineage.yml stops the command instead of a run without lineage.
        var openLineage = OpenLineageEmitter.Open(store, TimeProvider.System, static m => Terminal.Note(m));
        RunOutcome outcome;
        await using (progress.ConfigureAwait(false))
        {
            try
            {
                // The run must record its cancellation even though Ctrl-C cancelled the command's token:
                // the engine gets the token and handles it; nothing here throws on it.
                outcome = await run(CompositeRunObserver.Of(progress, openLineage, sla), cancellationToken).ConfigureAwait(false);
                await sla.DrainAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (openLineage is not null)
                {
                    await openLineage.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        if (json)
        {
            await Console.Out.WriteLineAsync(await RunReport.ToJsonAsync(outcome, store, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            // The result line is the only thing on stdout, so scripts can read it. Whichever engine ran, the text
            // is the one committed with the run's success.
            if (outcome.HasResult && await store.GetRunAsync(outcome.RunId, CancellationToken.None).ConfigureAwait(false) is { ResultJson: { } result })
            {
                await Console.Out.WriteLineAsync(result).ConfigureAwait(false);
            }
            await SummaryPrinter.PrintAsync(outcome, store, CancellationToken.None).ConfigureAwait(false);
        }

        if (await ProcessingReport.BuildAsync(store, outcome.RunId, TimeProvider.System, CancellationToken.None).ConfigureAwait(false) is { } report)
        {
            var saved = await SaveAsync(report, opened.ArtifactRoot, reportFile).ConfigureAwait(false);
            if (!json)
            {
                ProcessingReportPrinter.Print(report, saved);
            }
        }
        else if (reportFile is not null)
        {
            Terminal.Note($"--report: run {outcome.RunId} produced no dataset, so there is no processing report to write");
        }
        return ExitCode(outcome);
    }

    private static async Task<IReadOnlyList<string>> SaveAsync(ProcessingReport report, string artifactRoot, string? reportFile)
    {
        try
        {
            return await report.SaveAsync(artifactRoot, reportFile, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the processing report: {ex.Message}; choose another --report path", ExitCodes.RunFailed);
        }
    }

    /// <summary>The engine that executes runs in this process.</summary>
    /// <param name="store">The opened store.</param>
    /// <param name="actions">The actions.</param>
    /// <param name="observer">Progress.</param>
    /// <param name="maxParallel">--max-parallel, or null.</param>
    /// <param name="pools">--pool limits.</param>
    /// <param name="allowed">--allow-path values and $SLUICE_ALLOW_PATHS: when there are any, data actions are confined to them, the current directory and the artifact root.</param>
    public static RunExecutor Embedded(SluiceStore store, ActionRegistry actions, IRunObserver observer, int? maxParallel, IReadOnlyDictionary<string, int> pools,
        IReadOnlyList<AllowedPath> allowed)
    {
        var options = new ExecutorOptions
        {
            Observer = observer,
            ArtifactRoot = store.ArtifactRoot,
            Storage = store.Storage,
            Pools = new PoolSlots(pools),
            // A run started by hand confines files only when asked: its pipeline and inputs come from the user who runs it.
            Files = allowed.Count > 0 ? SluiceFiles.Confined(store, allowed) : PathPolicy.Unrestricted,
        };
        if (maxParallel is { } m)
        {
            if (m < 1)
            {
                throw new CliException($"--max-parallel must be at least 1, was {m}");
            }
            options = options with { MaxParallelTasks = m };
        }
        return new RunExecutor(store.State, actions, options);
    }

    /// <summary>The engine that queues runs for <c>sluice worker</c> processes on <paramref name="store"/> and follows them.</summary>
    public static IRunEngine Distributed(SluiceStore store, ActionRegistry actions, IRunObserver observer) =>
        new DistributedRuns(store, new WorkerOptions { Actions = actions, Log = static m => Terminal.Note(m) }, observer);

    public static int ExitCode(RunOutcome outcome) => outcome.State switch
    {
        RunState.Succeeded => ExitCodes.Success,
        RunState.Cancelled or RunState.Skipped => ExitCodes.Interrupted,
        _ => ExitCodes.RunFailed,
    };
}
