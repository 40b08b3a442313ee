using System.CommandLine;
using Sluice.Hosting;
using Sluice.Server;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice serve --pipelines DIR</c>: serves the folder's pipelines (reloaded when files change) with a
/// REST API, a web UI and <c>/metrics</c>, executing runs in this process until Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public const string TokenVariable = "SLUICE_API_TOKEN";

    public static Command Create()
    {
        var pipelines = new Option<string>("--pipelines") { Description = "The folder of pipeline files (*.yaml, *.yml); watched for changes.", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'. The default is http://127.0.0.1:8080." };
        var token = new Option<string>("--token") { Description = $"API token for POST endpoints (every endpoint off loopback). The default is ${TokenVariable}." };
        var allowedHosts = new Option<string[]>("--allowed-host")
        {
            Description = "A host name the server answers to besides loopback and the --urls hosts (a reverse proxy's or DNS name; *.example.com for subdomains); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxRuns = new Option<int?>("--max-runs") { Description = "Runs executing at once; more wait in the queue. The default is 4." };
        var slots = new Option<int?>("--task-slots") { Description = "Task instances running at once across all runs. The default is 32." };
        var alertWebhooks = AlertOptions.Webhooks();
        var publicUrl = AlertOptions.PublicUrl();
        var logFormat = new Option<ServerLogFormat?>("--log-format") { Description = "Console log format: text, or json (one object per line on stderr). The default is text." };
        var otlpEndpoint = new Option<Uri>("--otlp-endpoint")
        {
            Description = "An OpenTelemetry collector to export metrics to over OTLP (http://host:4317 for gRPC, http://host:4318 with --otlp-protocol http/protobuf). The default is OTEL_EXPORTER_OTLP_ENDPOINT, else none.",
        };
        var otlpProtocol = new Option<string>("--otlp-protocol") { Description = "The OTLP transport for --otlp-endpoint: grpc or http/protobuf. The default is grpc." };
        otlpProtocol.AcceptOnlyFromAmong("grpc", "http/protobuf");
        var noExecute = new Option<bool>("--no-execute") { Description = "Execute no runs here: start them for 'sluice worker' processes on the same store (PostgreSQL for workers on other machines)." };
        var store = CommonOptions.Store();
        var memoryLimit = EngineOptions.MemoryLimit();
        var pools = EngineOptions.Pools();
        var allowPath = CommonOptions.AllowPath("Data actions are always confined to these, the current directory, the artifact root and (read only) the pipelines folder (--allow-path / allows every path).");
        var purgeOlderThan = new Option<string?>("--purge-older-than") { Description = "Purge ended runs older than this (e.g. 30d) with their tasks, logs, artifacts and quality history, at start and every --purge-every. The default is to keep everything." };
        var purgeLogsOlderThan = new Option<string?>("--purge-logs-older-than") { Description = "With --purge-older-than: delete log lines of runs that ended longer ago (the runs stay)." };
        var purgeEvery = new Option<string?>("--purge-every") { Description = "With --purge-older-than: how often to purge. The default is 1h." };
        var cmd = new Command("serve", "Serve pipelines: REST API, web UI, /metrics, schedules and triggers, alerts; runs execute in this process.")
        {
            pipelines, urls, token, allowedHosts, maxRuns, slots, alertWebhooks, publicUrl, logFormat, otlpEndpoint, otlpProtocol, noExecute, store, memoryLimit, pools, allowPath,
            purgeOlderThan, purgeLogsOlderThan, purgeEvery,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            EngineOptions.ApplyMemoryLimit(parse.GetValue(memoryLimit));
            var defaults = new ServerOptions { PipelinesDirectory = parse.GetValue(pipelines)! };
            var options = defaults with
            {
                Urls = parse.GetValue(urls) ?? defaults.Urls,
                StorePath = SluiceStores.Resolve(parse.GetValue(store)),
                Token = parse.GetValue(token) ?? NullIfEmpty(Environment.GetEnvironmentVariable(TokenVariable)),
                AllowedHosts = parse.GetValue(allowedHosts) ?? [],
                MaxConcurrentRuns = parse.GetValue(maxRuns) ?? defaults.MaxConcurrentRuns,
                TaskSlots = parse.GetValue(slots) ?? defaults.TaskSlots,
                AlertWebhooks = AlertOptions.WebhooksOrDefault(parse.GetValue(alertWebhooks)),
                AlertDelivery = AlertOptions.Delivery(parse.GetValue(publicUrl)),
                LogFormat = parse.GetValue(logFormat) ?? ServerLogFormat.Text,
                OtlpEndpoint = parse.GetValue(otlpEndpoint),
                OtlpProtocol = parse.GetValue(otlpProtocol) == "http/protobuf" ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc,
                ExecuteRuns = !parse.GetValue(noExecute),
                Pools = EngineOptions.ParsePools(parse.GetValue(pools)),
                AllowedPaths = CommonOptions.AllowedPaths(parse.GetValue(allowPath)),
                Retention = Retention(parse.GetValue(purgeOlderThan), parse.GetValue(purgeLogsOlderThan), parse.GetValue(purgeEvery)),
            };
            try
            {
                await Console.Error.WriteLineAsync($"sluice serve: {Path.GetFullPath(options.PipelinesDirectory)} on {options.Urls} (Ctrl-C to stop)").ConfigureAwait(false);
                await SluiceServer.RunAsync(options, ct).ConfigureAwait(false);
            }
            catch (ServerConfigurationException ex)
            {
                throw new CliException(ex.Message);
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Sluice.Retention.RetentionOptions? Retention(string? olderThan, string? logsOlderThan, string? every)
    {
        if (olderThan is null)
        {
            return logsOlderThan is null && every is null
                ? null
                : throw new CliException("--purge-logs-older-than and --purge-every need --purge-older-than (the age of runs to purge)");
        }
        var runsAge = PurgeCommand.Duration("--purge-older-than", olderThan);
        var defaults = new Sluice.Retention.RetentionOptions();
        return new Sluice.Retention.RetentionOptions
        {
            RunsMaxAge = runsAge,
            JobsMaxAge = runsAge < defaults.JobsMaxAge ? runsAge : defaults.JobsMaxAge,
            LogsMaxAge = logsOlderThan is null ? null : PurgeCommand.Duration("--purge-logs-older-than", logsOlderThan),
            Interval = every is null ? defaults.Interval : PurgeCommand.Duration("--purge-every", every),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
