using Sluice.Hosting;
using Sluice.Postgres.Scheduling;
using Sluice.Scheduling.Leadership;
using Sluice.Stores;

namespace Sluice.Server.Scheduling;

/// <summary>
/// What a server works on besides the store (<see cref="SluiceStores"/> opens that): who leads the scheduler, and
/// the SQLite file for state that stays with this server. On one SQLite file this server always leads and keeps
/// its file-trigger marks in the store's file; on a PostgreSQL database shared by several servers, leadership
/// goes through an advisory lock and the marks live in a local file beside the artifacts.
/// </summary>
internal sealed class ServerStores
{
    private ServerStores(SluiceStore store, ISchedulerLeadership leadership, string localFile)
    {
        Store = store;
        Leadership = leadership;
        LocalFile = localFile;
    }

    /// <summary>State, work queue, schedules, quality history and artifact root.</summary>
    public SluiceStore Store { get; }

    /// <summary>Decides whether this server runs the scheduler.</summary>
    public ISchedulerLeadership Leadership { get; }

    /// <summary>The SQLite file for state that stays with this server (file-trigger marks).</summary>
    public string LocalFile { get; }

    /// <summary>Opens the store of <see cref="ServerOptions.StorePath"/> and chooses leadership and local file.</summary>
    /// <exception cref="Diagnostics.SluiceException">PostgreSQL cannot be reached or the connection string is malformed.</exception>
    public static async Task<ServerStores> OpenAsync(ServerOptions options, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = options.StorePath;
        var store = await SluiceStores.OpenAsync(target, new SluiceStoreOptions { ArtifactRoot = options.ArtifactRoot, Log = log, Time = options.Time }, cancellationToken).ConfigureAwait(false);
        if (!SluiceStores.IsShared(target))
        {
            return new ServerStores(store, new LocalSchedulerLeadership(), target);
        }
        return new ServerStores(store,
            new SchedulerLeadership(new SchedulerLeadershipOptions { ConnectionString = target, KeepAliveInterval = options.LeadershipInterval, Log = log }),
            Path.Combine(Path.GetFullPath(".sluice"), "server-local.db"));
    }
}
