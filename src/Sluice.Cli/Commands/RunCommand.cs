using System.CommandLine;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run FILE</c>: validates, then runs the pipeline with live progress and a summary.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file." };
        var input = InputOptions.Input();
        var inputsFile = InputOptions.InputsFile();
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Task instances running at once. The default is 32." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only failures and the summary." };
        var memoryLimit = EngineOptions.MemoryLimit();
        var pools = EngineOptions.Pools();
        var distributed = new Option<bool>("--distributed") { Description = "Queue the run for 'sluice worker' processes on the same store instead of executing it here, and wait for it." };
        var cmd = new Command("run", "Run a pipeline to its end.") { file, input, inputsFile, maxParallel, store, json, quiet, distributed, memoryLimit, pools };
        cmd.SetAction(async (parse, ct) =>
        {
            EngineOptions.ApplyMemoryLimit(parse.GetValue(memoryLimit));
            var poolLimits = EngineOptions.ParsePools(parse.GetValue(pools));
            var actions = CommonOptions.Actions();
            var path = parse.GetValue(file)!;
            var loaded = PipelineFiles.LoadOrFail(path, actions, quietWarnings: parse.GetValue(quiet));
            var definition = loaded.Definition!;
            var inputs = InputBinder.Bind(definition, InputOptions.Collect(parse.GetValue(input), parse.GetValue(inputsFile)), out var errors);
            if (errors.Count > 0)
            {
                throw new CliException(string.Join("\n", errors));
            }
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            actions = CommonOptions.Actions(opened);
            var time = TimeProvider.System;
            var version = new PipelineVersionRecord(definition.Id, loaded.ContentHash, definition.Name, definition.Version,
                await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), Path.GetFullPath(path), time.GetUtcNow());
            if (parse.GetValue(distributed))
            {
                return await DistributedRun.StartAndWaitAsync(opened, actions, definition, version, inputs, ct).ConfigureAwait(false);
            }
            var outcome = await RunLoop.ExecuteAsync(opened, actions, parse.GetValue(maxParallel), parse.GetValue(quiet), parse.GetValue(json), poolLimits,
                (executor, token) => executor.RunAsync(definition, version, inputs, token), ct).ConfigureAwait(false);
            return RunLoop.ExitCode(outcome);
        });
        return cmd;
    }
}
