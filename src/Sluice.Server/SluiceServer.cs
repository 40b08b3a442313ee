using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sluice.Execution;
using Sluice.Hosting;
using Sluice.Hosting.OpenLineage;
using Sluice.Scheduling.Leadership;
using Sluice.Scheduling.Storage;
using Sluice.Server.Alerts;
using Sluice.Server.Api;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.Server.Scheduling;
using Sluice.Server.Security;
using Sluice.Server.Telemetry;
using Sluice.Server.Web;
using Sluice.Sqlite.Scheduling;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Server;

/// <summary>
/// <c>sluice serve</c> as a library: builds the ASP.NET Core application (REST API, web UI,
/// <c>/metrics</c>, OpenAPI at <c>/openapi/v1.json</c>) around a pipeline catalog and a run host.
/// </summary>
public static class SluiceServer
{
    /// <summary>
    /// Validates <paramref name="options"/>, opens the store, loads the pipelines folder and returns the
    /// application, not yet started. Dispose it to close the store.
    /// </summary>
    /// <exception cref="ServerConfigurationException">A setting is invalid; the message lists every problem.</exception>
    public static async Task<WebApplication> CreateAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ServerConfigurationException(problems);
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.LogFormat == ServerLogFormat.Json)
        {
            ServerLogging.UseJson(builder.Logging);
        }
        OpenLineageSettings? openLineage;
        try
        {
            openLineage = OpenLineageConfig.FromProcess();
        }
        catch (Diagnostics.SluiceException ex)
        {
            throw new ServerConfigurationException(ex.Message);
        }
        var stores = await ServerStores.OpenAsync(options, log: null, cancellationToken).ConfigureAwait(false);
        var opened = stores.Store;
        options = options with { ArtifactRoot = opened.ArtifactRoot };
        var actions = options.Actions ?? SluiceActions.Create(opened);
        var services = builder.Services;
        // A factory registration makes the container own the store and dispose it with the application; its
        // parts are registered as instances, which the container does not dispose a second time.
        services.AddSingleton(_ => opened);
        services.AddSingleton(opened.State);
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        HttpSecurity.AddServices(services, options);
        var metrics = new ServerMetrics(options.Time);
        var meterProvider = MetricsExport.CreateProvider(metrics, options, Environment.GetEnvironmentVariable);
        // Factories, so the container disposes them with the application (the provider flushes OTLP then).
        services.AddSingleton(_ => metrics);
        services.AddSingleton(_ => meterProvider);
        services.AddSingleton(sp => new LiveRuns(sp.GetRequiredService<ServerMetrics>(), options.Time));
        services.AddSingleton(sp => new DefinitionCache(sp.GetRequiredService<IStateStore>(), actions));
        services.AddSingleton(sp => new PipelineCatalog(options.PipelinesDirectory, actions, sp.GetRequiredService<IStateStore>(), options.Time, sp.GetRequiredService<DefinitionCache>()));
        services.AddSingleton(opened.Schedules);
        services.AddSingleton(opened.Operators);
        services.AddSingleton(opened.QualityHistory);
        services.AddSingleton(sp => new Operations.ServerBackfills(sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<IRunLauncher>(), sp.GetRequiredService<RunCompletions>(),
            sp.GetRequiredService<IStateStore>(), opened.Schedules, options, sp.GetRequiredService<ILogger<Operations.ServerBackfills>>()));
        services.AddSingleton(sp => new Operations.SchedulePauses(opened.Operators));
        services.AddSingleton(sp => new Operations.OperatorCommands(sp.GetRequiredService<IRunLauncher>(), sp.GetRequiredService<RunHost>(), opened.Operators,
            sp.GetRequiredService<Operations.SchedulePauses>(), sp.GetRequiredService<Operations.ServerBackfills>(), sp.GetRequiredService<PipelineCatalog>(),
            sp.GetRequiredService<IStateStore>(), options.Time));
        services.AddSingleton<ISchedulerLeadership>(_ => stores.Leadership);
        if (openLineage is not null)
        {
            services.AddSingleton(sp =>
            {
                var logger = sp.GetRequiredService<ILogger<OpenLineageEmitter>>();
                return new OpenLineageEmitter(sp.GetRequiredService<IStateStore>(), openLineage, options.Time, m => OpenLineageLog.Problem(logger, m));
            });
        }
        AddTriggersAndAlerts(services, options, stores.LocalFile);
        services.AddSingleton(sp => new RunHost(sp.GetRequiredService<SluiceStore>(), sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<DefinitionCache>(),
            sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<CompositeRunObserver>(), sp.GetRequiredService<RunCompletions>(), options, actions, sp.GetRequiredService<ILogger<RunHost>>(), sp));
        if (options.ExecuteRuns)
        {
            services.AddSingleton<IRunLauncher>(sp => sp.GetRequiredService<RunHost>());
        }
        else
        {
            // --no-execute: runs go to the work queue for `sluice worker` processes; nothing executes here.
            services.AddSingleton(sp => new DistributedRunLauncher(sp.GetRequiredService<SluiceStore>(), sp.GetRequiredService<PipelineCatalog>(),
                sp.GetRequiredService<RunCompletions>(), actions, options, sp.GetRequiredService<ILogger<DistributedRunLauncher>>()));
            services.AddSingleton<IRunLauncher>(sp => sp.GetRequiredService<DistributedRunLauncher>());
        }
        services.AddSingleton<Web.Pages.GridCells>();
        services.AddSingleton(sp => new RunViews(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<DefinitionCache>(), sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<RunHost>(), options));
        // Hosted services stop in reverse order: triggers stop before the run host cancels runs, so a
        // scheduled fire whose run is interrupted stays pending instead of counting as delivered.
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        if (options.ExecuteRuns)
        {
            services.AddHostedService(sp => sp.GetRequiredService<RunHost>());
        }
        services.AddHostedService(sp => new CatalogWatcher(sp.GetRequiredService<PipelineCatalog>(), options, sp.GetRequiredService<ILogger<CatalogWatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleHost>());
        services.AddHostedService(sp => sp.GetRequiredService<FileTriggerHost>());
        services.AddHostedService(sp => sp.GetRequiredService<PipelineTriggerHost>());
        services.AddHostedService(sp => sp.GetRequiredService<RunOutputRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<SlaMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<StreamMetrics>());
        services.AddHostedService(sp => sp.GetRequiredService<DatasetTriggerHost>());
        if (options.Retention is { } retention)
        {
            services.AddHostedService(sp => new Operations.RetentionHost(opened, retention, options.Time, sp.GetRequiredService<ILogger<Operations.RetentionHost>>()));
        }
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi();
        var app = builder.Build();
        await app.Services.GetRequiredService<PipelineCatalog>().LoadAllAsync(cancellationToken).ConfigureAwait(false);
        await app.Services.GetRequiredService<Operations.SchedulePauses>().RefreshAsync(cancellationToken).ConfigureAwait(false);
        // Resolved now so export starts with the first run; the container disposes (flushes) it on shutdown.
        _ = app.Services.GetService<TracerProvider>();
        _ = app.Services.GetRequiredService<MeterProvider>();
        metrics.Observe(app.Services.GetRequiredService<RunHost>(), app.Services.GetRequiredService<ScheduleHost>(), app.Services.GetRequiredService<AlertNotifier>());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        HttpSecurity.Use(app, options);
        app.MapOpenApi();
        PipelineEndpoints.Map(app);
        RunEndpoints.Map(app);
        ItemEndpoints.Map(app);
        LogEndpoints.Map(app);
        LineageEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        OperatorEndpoints.Map(app);
        MetricsExport.Map(app, meterProvider);
        WebEndpoints.Map(app);
        return app;
    }

    /// <summary>Schedules, file, pipeline and dataset triggers, SLA watch, alerts, traces, logs and OpenLineage: each composed as an observer of every run.</summary>
    private static void AddTriggersAndAlerts(IServiceCollection services, ServerOptions options, string localFile)
    {
        services.AddSingleton(_ => new SqliteFileTriggerStore(localFile, options.Time));
        services.AddSingleton<RunCompletions>();
        services.AddSingleton(sp => new ScheduleLagObserver(sp.GetRequiredService<ServerMetrics>(), options.Time));
        services.AddSingleton(sp => new AlertNotifier(options, sp.GetRequiredService<ILogger<AlertNotifier>>()));
        services.AddSingleton<Sluice.Actions.IQualityGateObserver>(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddSingleton<Sluice.Actions.IStreamAlertObserver>(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddSingleton(sp => new SlaMonitor(sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<DefinitionCache>(), sp.GetRequiredService<AlertNotifier>(),
            sp.GetRequiredService<ServerMetrics>(), options.Time, sp.GetRequiredService<ILogger<SlaMonitor>>()));
        services.AddSingleton(sp => new ScheduleHost(sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<IRunLauncher>(), sp.GetRequiredService<RunCompletions>(),
            sp.GetRequiredService<ScheduleLagObserver>(), sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<ISchedulerLeadership>(),
            sp.GetRequiredService<ServerMetrics>(), options, sp.GetRequiredService<ILogger<ScheduleHost>>(), sp.GetRequiredService<Operations.SchedulePauses>()));
        services.AddSingleton(sp => new FileTriggerHost(sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<IRunLauncher>(), sp.GetRequiredService<SqliteFileTriggerStore>(),
            sp.GetRequiredService<ServerMetrics>(), options, sp.GetRequiredService<ILogger<FileTriggerHost>>()));
        services.AddSingleton(sp => new PipelineTriggerHost(sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<IRunLauncher>, sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ServerMetrics>(), sp.GetRequiredService<ILogger<PipelineTriggerHost>>()));
        services.AddSingleton(sp => new RunOutputRecorder(sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<ServerMetrics>(),
            sp.GetRequiredService<ILogger<RunOutputRecorder>>()));
        services.AddSingleton(sp => new StreamMetrics(sp.GetRequiredService<ServerMetrics>(), sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<SluiceStore>().Checkpoints,
            sp.GetRequiredService<IStateStore>(), options.Time, sp.GetRequiredService<ILogger<StreamMetrics>>()));
        services.AddSingleton(sp => new DatasetTriggerHost(sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<IRunLauncher>, sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<ServerMetrics>(), options.Time, sp.GetRequiredService<ILogger<DatasetTriggerHost>>()));
        services.AddSingleton(sp => new CompositeRunObserver(
        [
            sp.GetRequiredService<LiveRuns>(),
            sp.GetRequiredService<ScheduleLagObserver>(),
            new TracingObserver(options.Time),
            new RunLogObserver(sp.GetRequiredService<ILogger<RunLogObserver>>()),
            sp.GetRequiredService<SlaMonitor>(),
            new AlertObserver(sp.GetRequiredService<AlertNotifier>(), sp.GetRequiredService<LiveRuns>(), options.Time),
            sp.GetRequiredService<PipelineTriggerHost>(),
            sp.GetRequiredService<RunOutputRecorder>(),
            sp.GetRequiredService<StreamMetrics>(),
            sp.GetRequiredService<DatasetTriggerHost>(),
            .. sp.GetServices<OpenLineageEmitter>(),
        ]));
        if (TracingSetup.CreateProvider(Environment.GetEnvironmentVariable) is { } tracing)
        {
            services.AddSingleton(tracing);
        }
    }

    /// <summary>Creates the application and serves until <paramref name="cancellationToken"/> is cancelled (Ctrl-C); running runs are then cancelled and recorded.</summary>
    /// <exception cref="ServerConfigurationException">A setting is invalid.</exception>
    public static async Task RunAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var app = await CreateAsync(options, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
