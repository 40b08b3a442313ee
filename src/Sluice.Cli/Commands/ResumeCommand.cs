using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice resume RUN</c>: re-runs only the failed and unfinished tasks of a run, with the definition version it started with.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id (see 'sluice runs')." };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Task instances running at once. The default is 32." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only failures and the summary." };
        var memoryLimit = EngineOptions.MemoryLimit();
        var pools = EngineOptions.Pools();
        var allowPath = CommonOptions.AllowPath("As for 'sluice run'.");
        var cmd = new Command("resume", "Resume a failed, cancelled or crashed run.") { runId, maxParallel, store, json, quiet, memoryLimit, pools, allowPath };
        cmd.SetAction(async (parse, ct) =>
        {
            EngineOptions.ApplyMemoryLimit(parse.GetValue(memoryLimit));
            var poolLimits = EngineOptions.ParsePools(parse.GetValue(pools));
            var allowed = CommonOptions.AllowedPaths(parse.GetValue(allowPath));
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var actions = CommonOptions.Actions(opened);
            var stateStore = opened.State;
            var id = parse.GetValue(runId)!;
            var run = await stateStore.GetRunAsync(id, ct).ConfigureAwait(false) ?? throw new CliException($"run '{id}' not found; list runs with 'sluice runs'");
            var version = await stateStore.GetPipelineVersionAsync(run.PipelineId, run.VersionHash, ct).ConfigureAwait(false)
                ?? throw new CliException($"the definition of run '{id}' (version {run.VersionHash}) is not in the store");
            // The stored text is what the run started with, even if the file changed since.
            var loaded = PipelineLoader.Load(version.SourceText, version.SourcePath ?? $"{run.PipelineId}.yaml", actions);
            DiagnosticPrinter.Print(loaded.Diagnostics, skipWarnings: true);
            if (!loaded.Success)
            {
                throw new CliException($"the stored definition of run '{id}' no longer validates; nothing was run.");
            }
            try
            {
                return await RunLoop.ExecuteAsync(opened, parse.GetValue(quiet), parse.GetValue(json), null,
                    (progress, token) => RunLoop.Embedded(opened, actions, progress, parse.GetValue(maxParallel), poolLimits, allowed).ResumeAsync(loaded.Definition!, id, token), ct).ConfigureAwait(false);
            }
            catch (SluiceException ex) when (ex is not Execution.SluiceStateException)
            {
                throw new CliException(ex.Message, ExitCodes.RunFailed);
            }
        });
        return cmd;
    }
}
