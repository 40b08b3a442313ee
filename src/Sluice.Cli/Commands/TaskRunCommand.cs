using System.CommandLine;
using System.Globalization;
using Sluice.Cli.Output;
using Sluice.Distributed;
using Sluice.Hosting;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice task run RUN TASK</c>: runs exactly one task of a run (every <c>for_each</c> item of it) against a shared
/// store, as a distributed worker would — the same attempt execution, retries, outputs and downstream readiness — and
/// exits when the task is final. With <c>--pipeline</c> the run is created when it does not exist yet, so the first task
/// an external scheduler starts creates it and the others find it.
/// </summary>
internal static class TaskRunCommand
{
    /// <summary>The exit code of a task that was skipped or whose upstream failed: Airflow's BashOperator skips on it.</summary>
    public const int NotRun = 99;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var runArg = new Argument<string>("run") { Description = "The run id (for example Airflow's {{ run_id }})." };
        var taskArg = new Argument<string>("task") { Description = "The task id." };
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "The pipeline file: the run is created from it (with --input values) when it does not exist yet." };
        var input = InputOptions.Input();
        var inputsFile = InputOptions.InputsFile();
        var store = CommonOptions.Store();
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact root folder or object store prefix (s3://bucket/prefix), shared by the run's tasks. The default is .sluice/artifacts (next to a SQLite store)." };
        var capacity = new Option<int?>("--capacity", "-c") { Description = "Items of a for_each task running at once. The default is 4." };
        var allowPath = CommonOptions.AllowPath("As for 'sluice run'.");
        var logicalDate = new Option<string?>("--logical-date") { Description = "The logical date of a run this command creates (ISO 8601, such as Airflow's {{ ts }})." };
        var skippedExit = new Option<int>("--skipped-exit-code") { Description = "The exit code when Sluice does not run the task (skipped, upstream failed). The default is 99, which Airflow shows as skipped.", DefaultValueFactory = _ => NotRun };
        var cmd = new Command("run", "Run exactly one task of a run against a shared store and exit when it is final: 0 succeeded, 1 failed, 99 skipped or upstream failed.")
        {
            runArg, taskArg, pipeline, input, inputsFile, store, artifacts, capacity, allowPath, logicalDate, skippedExit,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var runId = parse.GetValue(runArg)!;
            var taskId = parse.GetValue(taskArg)!;
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct, parse.GetValue(artifacts)).ConfigureAwait(false);
            var actions = CommonOptions.Actions(s);
            var allowed = CommonOptions.AllowedPaths(parse.GetValue(allowPath));
            var options = new WorkerOptions
            {
                Capacity = parse.GetValue(capacity) ?? 4,
                ArtifactRoot = s.ArtifactRoot,
                Storage = s.Storage,
                Files = allowed.Count > 0 ? SluiceFiles.Confined(s, allowed) : Files.PathPolicy.Unrestricted,
                Actions = actions,
                Only = new TaskSelector(runId, taskId),
                PollInterval = Poll,
                Log = static m => Terminal.Note(m),
            };
            if (await s.State.GetRunAsync(runId, ct).ConfigureAwait(false) is null)
            {
                var file = parse.GetValue(pipeline) ?? throw new CliException($"run '{runId}' does not exist in {s.Description}; give --pipeline FILE to create it");
                var loaded = PipelineFiles.LoadOrFail(file, actions, quietWarnings: true);
                var inputs = InputOptions.Bind(loaded.Definition!, InputOptions.Collect(parse.GetValue(input), parse.GetValue(inputsFile)), strict: false);
                await new DistributedRuns(s, options).StartAsync(loaded.Definition!, loaded.ToVersion(Path.GetFullPath(file), options.Time.GetUtcNow()), inputs,
                    trigger: "external", logicalDate: LogicalDate(parse.GetValue(logicalDate)), runId: runId, cancellationToken: ct).ConfigureAwait(false);
            }
            var definition = await ResumeOptions.LoadDefinitionAsync(s, actions, runId, ct).ConfigureAwait(false);
            if (!definition.Tasks.Any(t => t.Id == taskId))
            {
                throw new CliException($"run '{runId}' (pipeline '{definition.Id}') has no task '{taskId}' (its tasks: {string.Join(", ", definition.Tasks.Select(static t => t.Id))})");
            }
            var final = await RunTaskAsync(s, options, runId, taskId, ct).ConfigureAwait(false);
            await PrintLogsAsync(s, runId, taskId, ct).ConfigureAwait(false);
            var attempts = final.Attempt.ToString(CultureInfo.InvariantCulture);
            await Console.Out.WriteLineAsync($"{taskId}: {final.State.ToName()} (attempt {attempts}){(final.Error is { } e ? ": " + e : "")}").ConfigureAwait(false);
            return final.State switch
            {
                TaskState.Succeeded => ExitCodes.Success,
                TaskState.Skipped or TaskState.UpstreamFailed => parse.GetValue(skippedExit),
                _ => ExitCodes.RunFailed,
            };
        });
        return cmd;
    }

    private static DateTimeOffset? LogicalDate(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new CliException($"--logical-date: '{text}' is not an ISO 8601 date-time (such as 2024-01-01T02:00:00Z)");

    /// <summary>
    /// Serves the task's work items until the task's row is final. A task whose upstream tasks have not finished waits
    /// for them (the engine queues its items when they end); a run that ended without it leaves it as it is.
    /// </summary>
    private static async Task<TaskInstanceRecord> RunTaskAsync(SluiceStore s, WorkerOptions options, string runId, string taskId, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var worker = new DistributedWorker(s, options).RunAsync(stop.Token);
        var waitingNoted = false;
        try
        {
            while (true)
            {
                var row = (await s.State.GetTaskInstancesAsync(runId, ct).ConfigureAwait(false)).FirstOrDefault(r => r.TaskId == taskId && r.MapIndex < 0);
                if (row is not null && row.State.IsFinal())
                {
                    return row;
                }
                if (row is null or { State: TaskState.Pending })
                {
                    var run = await s.State.GetRunAsync(runId, ct).ConfigureAwait(false);
                    if (run is not null && run.State.IsFinal())
                    {
                        return (row ?? new TaskInstanceRecord { RunId = runId, TaskId = taskId }) with { State = TaskState.Cancelled, Error = $"run '{runId}' ended {run.State.ToName()} before the task ran" };
                    }
                    if (!waitingNoted)
                    {
                        Terminal.Note($"task '{taskId}' waits for its upstream tasks in run '{runId}'");
                        waitingNoted = true;
                    }
                }
                await Task.Delay(Poll, options.Time, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await worker.ConfigureAwait(false);
        }
    }

    private static async Task PrintLogsAsync(SluiceStore s, string runId, string taskId, CancellationToken ct)
    {
        foreach (var line in await s.State.GetLogsAsync(runId, taskId, cancellationToken: ct).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync(line.Text).ConfigureAwait(false);
        }
    }
}
