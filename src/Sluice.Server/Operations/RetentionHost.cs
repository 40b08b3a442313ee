using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Retention;
using Sluice.Stores;

namespace Sluice.Server.Operations;

/// <summary>
/// Keeps a served store bounded (<c>sluice serve --purge-older-than</c>): the purge of <c>sluice db purge</c>, with the
/// store's aged records (quality history) and artifact root, at start and then every <see cref="RetentionOptions.Interval"/>.
/// Several servers on one PostgreSQL store may all run it: a purge takes small batches of ended runs, so they do not collide.
/// </summary>
internal sealed partial class RetentionHost(SluiceStore store, RetentionOptions options, TimeProvider time, ILogger<RetentionHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var effective = options with { ArtifactRoot = options.ArtifactRoot ?? store.ArtifactRoot };
        var purger = new RetentionPurger(store.Retention, effective, time, store.AgedRecords);
        return new RetentionService(purger, effective, time, message => Purged(logger, message)).RunAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void Purged(ILogger logger, string message);
}
