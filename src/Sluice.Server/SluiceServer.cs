using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Actions.BuiltIn;
using Sluice.Server.Api;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.Server.Security;
using Sluice.Server.Web;
using Sluice.State;
using Sluice.State.Sqlite;

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
        var store = new SqliteStateStore(options.StorePath);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var actions = options.Actions ?? BuiltInActions.CreateRegistry();
        var services = builder.Services;
        // A factory registration makes the container own the store and dispose it with the application.
        services.AddSingleton<IStateStore>(_ => store);
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton(sp => new ServerMetrics(options.Time));
        services.AddSingleton(sp => new LiveRuns(sp.GetRequiredService<ServerMetrics>(), options.Time));
        services.AddSingleton(sp => new DefinitionCache(sp.GetRequiredService<IStateStore>(), actions));
        services.AddSingleton(sp => new PipelineCatalog(options.PipelinesDirectory, actions, sp.GetRequiredService<IStateStore>(), options.Time, sp.GetRequiredService<DefinitionCache>()));
        services.AddSingleton(sp => new RunHost(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<PipelineCatalog>(), sp.GetRequiredService<DefinitionCache>(),
            sp.GetRequiredService<LiveRuns>(), options, actions, sp.GetRequiredService<ILogger<RunHost>>()));
        services.AddSingleton<IRunLauncher>(sp => sp.GetRequiredService<RunHost>());
        services.AddSingleton(sp => new RunViews(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<DefinitionCache>(), sp.GetRequiredService<LiveRuns>(), sp.GetRequiredService<RunHost>(), options));
        services.AddHostedService(sp => sp.GetRequiredService<RunHost>());
        services.AddHostedService(sp => new CatalogWatcher(sp.GetRequiredService<PipelineCatalog>(), options, sp.GetRequiredService<ILogger<CatalogWatcher>>()));
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi();
        var app = builder.Build();
        await app.Services.GetRequiredService<PipelineCatalog>().LoadAllAsync(cancellationToken).ConfigureAwait(false);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TokenAuthMiddleware>(options);
        app.MapOpenApi();
        PipelineEndpoints.Map(app);
        RunEndpoints.Map(app);
        LogEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        MetricsEndpoint.Map(app);
        WebEndpoints.Map(app);
        return app;
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
