using System.CommandLine;
using Sluice.Execution;
using Sluice.Files;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run FILE</c>: validates, then runs the pipeline with live progress and a summary.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file." };
        var input = InputOptions.Input();
        var inputsFile = InputOptions.InputsFile();
        var strictInputs = InputOptions.StrictInputs();
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Task instances running at once. The default is 32." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only failures and the summary." };
        var memoryLimit = EngineOptions.MemoryLimit();
        var pools = EngineOptions.Pools();
        var report = new Option<string?>("--report") { Description = "Also write a data pipeline's processing report (JSON) to this file; it is always saved as processing_report.json in the run's artifact folder." };
        var distributed = new Option<bool>("--distributed") { Description = "Queue the run for 'sluice worker' processes on the same store instead of executing it here, and follow it to its end (same output and exit codes)." };
        var allowPath = CommonOptions.AllowPath("Given (or the variable set), files outside these folders, the current directory and the artifact root are refused; without, nothing is confined.");
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Forget the pipeline's incremental marks first, so incremental sources are read in full again (a failed or killed full refresh leaves them forgotten: the next run reads everything too)." };
        var cmd = new Command("run", "Run a pipeline to its end.") { file, input, inputsFile, strictInputs, maxParallel, store, json, quiet, report, distributed, memoryLimit, pools, allowPath, fullRefresh };
        cmd.SetAction(async (parse, ct) =>
        {
            EngineOptions.ApplyMemoryLimit(parse.GetValue(memoryLimit));
            var poolLimits = EngineOptions.ParsePools(parse.GetValue(pools));
            var actions = CommonOptions.Actions();
            var path = parse.GetValue(file)!;
            var loaded = PipelineFiles.LoadOrFail(path, actions, quietWarnings: parse.GetValue(quiet));
            var definition = loaded.Definition!;
            var inputs = InputOptions.Bind(definition, InputOptions.Collect(parse.GetValue(input), parse.GetValue(inputsFile)), parse.GetValue(strictInputs));
            var onWorkers = parse.GetValue(distributed);
            if (onWorkers)
            {
                // These shape execution in this process; workers take theirs from 'sluice worker --capacity/--pool/--memory-limit'.
                var local = new (string Name, bool Given)[] { ("--max-parallel", parse.GetValue(maxParallel) is not null), ("--pool", poolLimits.Count > 0), ("--memory-limit", parse.GetValue(memoryLimit) is not null),
                    ("--allow-path", parse.GetValue(allowPath) is { Length: > 0 }) };
                if (local.Where(static o => o.Given).Select(static o => o.Name).ToList() is { Count: > 0 } given)
                {
                    throw new CliException($"{string.Join(", ", given)} cannot be used with --distributed: the workers execute the run; give 'sluice worker' --capacity, --pool, --memory-limit or --allow-path instead");
                }
            }
            IReadOnlyList<AllowedPath> allowed = onWorkers ? [] : CommonOptions.AllowedPaths(parse.GetValue(allowPath));
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            actions = CommonOptions.Actions(opened);
            if (parse.GetValue(fullRefresh))
            {
                var cleared = await opened.State.ClearSourceMarksAsync(definition.Id, ct).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"full refresh: forgot {cleared} incremental mark(s) of pipeline '{definition.Id}'").ConfigureAwait(false);
            }
            var version = loaded.ToVersion(Path.GetFullPath(path), TimeProvider.System.GetUtcNow());
            return await RunLoop.ExecuteAsync(opened, definition, parse.GetValue(quiet), parse.GetValue(json), parse.GetValue(report),
                (progress, token) => (onWorkers ? RunLoop.Distributed(opened, actions, progress) : RunLoop.Embedded(opened, actions, progress, parse.GetValue(maxParallel), poolLimits, allowed))
                    .RunAsync(definition, version, inputs, token), ct).ConfigureAwait(false);
        });
        return cmd;
    }
}
