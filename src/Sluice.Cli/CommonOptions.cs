using System.CommandLine;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Postgres;
using Sluice.State;
using Sluice.State.Sqlite;

namespace Sluice.Cli;

/// <summary>Options shared by several commands, and how they turn into a store and an action registry.</summary>
internal static class CommonOptions
{
    /// <summary>The default store: a SQLite file under <c>.sluice/</c> in the current directory.</summary>
    public static readonly string DefaultStore = Path.Combine(".sluice", "sluice.db");

    public static Option<string> Store() => new("--store")
    {
        Description = "State store: a SQLite file path or a PostgreSQL connection string (Host=...;Database=...). The default is $SLUICE_STORE or .sluice/sluice.db.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    public static async Task<IStateStore> OpenStoreAsync(string? store, CancellationToken cancellationToken)
    {
        var target = store ?? Environment.GetEnvironmentVariable("SLUICE_STORE") ?? DefaultStore;
        IStateStore s = PostgresStoreFactory.IsConnectionString(target)
            ? PostgresStoreFactory.Create(target, static message => Output.Terminal.Note(message))
            : new SqliteStateStore(target);
        try
        {
            await s.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Diagnostics.SluiceException)
        {
            await s.DisposeAsync().ConfigureAwait(false);
            throw StoreErrors.OnOpen(target, ex) ?? new CliException($"cannot open the state store: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Creating the store's folder failed (a read-only or special file system, a file where a folder should be).
            await s.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"cannot open the state store '{target}': {ex.Message}", ExitCodes.RunFailed);
        }
        return s;
    }

    public static string Describe(IStateStore store) => store switch
    {
        SqliteStateStore s => "SQLite " + s.Path,
        Postgres.State.PostgresStateStore p => "PostgreSQL " + p.Description,
        _ => store.GetType().Name,
    };

    public static ActionRegistry Actions()
    {
        var tables = new TableProviders();
        return Postgres.Actions.PostgresActions.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables);
    }
}
