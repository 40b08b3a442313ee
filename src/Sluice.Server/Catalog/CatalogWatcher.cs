using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Server.Catalog;

/// <summary>
/// Watches the pipelines folder and reloads a file once it has been quiet for the debounce interval
/// (editors write in several steps; a half-written file would otherwise flash an error).
/// </summary>
internal sealed partial class CatalogWatcher(PipelineCatalog catalog, ServerOptions options, ILogger<CatalogWatcher> logger) : BackgroundService
{
    private const string Rescan = "*";
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = new FileSystemWatcher(catalog.Directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.Created += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.Deleted += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            _changes.Writer.TryWrite(e.OldFullPath);
            _changes.Writer.TryWrite(e.FullPath);
        };
        // A lost event (buffer overflow) is recovered by rescanning the whole folder.
        watcher.Error += (_, _) => _changes.Writer.TryWrite(Rescan);
        watcher.EnableRaisingEvents = true;
        // Changes made between the first load and enabling the watcher are caught by one rescan.
        _changes.Writer.TryWrite(Rescan);
        var pending = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                pending.Add(await _changes.Reader.ReadAsync(stoppingToken).ConfigureAwait(false));
                await CollectUntilQuietAsync(pending, stoppingToken).ConfigureAwait(false);
                await ApplyAsync(pending, stoppingToken).ConfigureAwait(false);
                pending.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CollectUntilQuietAsync(HashSet<string> pending, CancellationToken stoppingToken)
    {
        while (true)
        {
            using var quiet = new CancellationTokenSource(options.ReloadDebounce, options.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(quiet.Token, stoppingToken);
            try
            {
                pending.Add(await _changes.Reader.ReadAsync(linked.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ApplyAsync(HashSet<string> pending, CancellationToken stoppingToken)
    {
        try
        {
            if (pending.Contains(Rescan))
            {
                foreach (var gone in catalog.All.Select(static e => e.FilePath).Where(static p => !File.Exists(p)))
                {
                    await catalog.ReloadAsync(gone, stoppingToken).ConfigureAwait(false);
                }
                await catalog.LoadAllAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            foreach (var path in pending.Where(PipelineCatalog.IsPipelineFile))
            {
                await catalog.ReloadAsync(path, stoppingToken).ConfigureAwait(false);
                LogReloaded(logger, path);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReloadFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded pipeline file {Path}")]
    private static partial void LogReloaded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading pipeline files failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception ex);
}
