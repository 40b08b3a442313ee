using Sluice.Postgres;
using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Scheduling.Leadership;
using Sluice.Scheduling.Storage;
using Sluice.State;
using Sluice.State.Sqlite;

namespace Sluice.Server.Scheduling;

/// <summary>
/// The stores a server works on, chosen by <see cref="ServerOptions.StorePath"/>: one SQLite file (state,
/// schedules and file-trigger marks; this server always leads its scheduler), or a PostgreSQL database shared
/// by several servers (state and schedules; leadership through an advisory lock; file-trigger marks in a
/// local SQLite file beside the artifacts).
/// </summary>
internal sealed class ServerStores
{
    private ServerStores(IStateStore state, IScheduleStore schedules, ISchedulerLeadership leadership, string localFile, string artifactRoot)
    {
        State = state;
        Schedules = schedules;
        Leadership = leadership;
        LocalFile = localFile;
        ArtifactRoot = artifactRoot;
    }

    /// <summary>Runs, tasks, logs and the work queue.</summary>
    public IStateStore State { get; }

    /// <summary>Trigger cursors and recorded fires.</summary>
    public IScheduleStore Schedules { get; }

    /// <summary>Decides whether this server runs the scheduler.</summary>
    public ISchedulerLeadership Leadership { get; }

    /// <summary>The SQLite file for state that stays with this server (file-trigger marks).</summary>
    public string LocalFile { get; }

    /// <summary>Where run artifacts go.</summary>
    public string ArtifactRoot { get; }

    /// <summary>True when <see cref="ServerOptions.StorePath"/> is a PostgreSQL connection string.</summary>
    public bool IsShared => Leadership is SchedulerLeadership;

    /// <summary>Creates the stores (not initialized).</summary>
    /// <exception cref="Diagnostics.SluiceException">The PostgreSQL connection string is malformed.</exception>
    public static ServerStores Create(ServerOptions options, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PostgresStoreFactory.IsConnectionString(options.StorePath))
        {
            var file = options.StorePath;
            var artifacts = options.ArtifactRoot ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "artifacts");
            return new ServerStores(new SqliteStateStore(file), new ScheduleStore(file), new LocalSchedulerLeadership(), file, artifacts);
        }
        var connection = options.StorePath;
        var local = Path.GetFullPath(".sluice");
        return new ServerStores(
            PostgresStoreFactory.Create(connection, log),
            new PostgresScheduleStore(new PostgresStoreOptions { ConnectionString = connection, Log = log }),
            new SchedulerLeadership(new SchedulerLeadershipOptions { ConnectionString = connection, KeepAliveInterval = options.LeadershipInterval, Log = log }),
            Path.Combine(local, "server-local.db"),
            options.ArtifactRoot ?? Path.Combine(local, "artifacts"));
    }
}
