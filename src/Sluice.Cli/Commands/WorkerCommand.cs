using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Hosting;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice worker</c>: runs distributed pipeline tasks (and task-queue jobs routed to it) from a shared store
/// until Ctrl-C/SIGTERM; running items then finish within the grace period and the rest go back to the queue.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var capacity = new Option<int?>("--capacity", "-c") { Description = "Work items running at once in this worker. The default is 16." };
        var queue = new Option<string[]>("--queue", "-q") { Description = "Serve only this queue (a task's pool); repeatable. The default is every queue.", AllowMultipleArgumentsPerToken = false };
        var pool = new Option<string[]>("--pool") { Description = "Limit a queue in this worker: NAME=COUNT; repeatable." };
        var sharedPool = new Option<string[]>("--shared-pool") { Description = "Limit a queue (a task's pool) across every worker of the store: NAME=COUNT; repeatable." };
        var memoryLimit = EngineOptions.MemoryLimit();
        var lease = new Option<string?>("--lease") { Description = "Lease duration; renewed every third of it, re-queued by others after it expires. The default is 30s." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact root folder, or an object store prefix (s3://bucket/prefix) that tasks publish their datasets to, for workers without a shared folder. The default is .sluice/artifacts (next to a SQLite store)." };
        var alertWebhooks = AlertOptions.Webhooks();
        var publicUrl = AlertOptions.PublicUrl();
        var allowPath = CommonOptions.AllowPath("Data actions are always confined to these, the current directory and the artifact root (--allow-path / allows every path).");
        var cmd = new Command("worker", "Run distributed pipeline tasks from a shared store (PostgreSQL for many machines, SQLite for one).")
        {
            store, capacity, queue, pool, sharedPool, lease, artifacts, memoryLimit, alertWebhooks, publicUrl, allowPath,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            EngineOptions.ApplyMemoryLimit(parse.GetValue(memoryLimit));
            var allowed = CommonOptions.AllowedPaths(parse.GetValue(allowPath));
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct, parse.GetValue(artifacts)).ConfigureAwait(false);
            var options = new WorkerOptions
            {
                Capacity = parse.GetValue(capacity) ?? 16,
                Queues = parse.GetValue(queue) is { Length: > 0 } q ? q : null,
                QueueLimits = EngineOptions.ParsePools(parse.GetValue(pool)),
                PoolLimits = EngineOptions.ParsePools(parse.GetValue(sharedPool), "--shared-pool"),
                LeaseDuration = parse.GetValue(lease) is { } l ? ParseDuration("--lease", l) : TimeSpan.FromSeconds(30),
                ArtifactRoot = s.ArtifactRoot,
                Storage = s.Storage,
                Files = SluiceFiles.Confined(s, allowed),
                Actions = CommonOptions.Actions(s),
                Log = static m => Terminal.Note(m),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }
            Terminal.Note($"store: {s.Description}");
            // Quality gates that warn in this worker's tasks raise alerts from here: the worker is their host.
            using var logging = LoggerFactory.Create(static b => b.AddConsole(static o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var notifier = await AlertOptions.StartNotifierAsync(AlertOptions.WebhooksOrDefault(parse.GetValue(alertWebhooks)), AlertOptions.Delivery(parse.GetValue(publicUrl)), logging, ct).ConfigureAwait(false);
            try
            {
                var actionServices = notifier is null ? null : new ServiceCollection().AddSingleton<IQualityGateObserver>(notifier).AddSingleton<IStreamAlertObserver>(notifier).BuildServiceProvider();
                await using (actionServices)
                {
                    await new DistributedWorker(s, options with { Services = actionServices }).RunAsync(ct).ConfigureAwait(false);
                }
            }
            finally
            {
                if (notifier is not null)
                {
                    await notifier.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    notifier.Dispose();
                }
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static TimeSpan ParseDuration(string option, string text) =>
        DurationParser.TryParse(text, out var value, out var error) ? value : throw new CliException($"{option}: {error}");
}
