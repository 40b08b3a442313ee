using System.CommandLine;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
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
        Description = "State store: a SQLite file path. The default is $SLUICE_STORE or .sluice/sluice.db.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    public static async Task<IStateStore> OpenStoreAsync(string? store, CancellationToken cancellationToken)
    {
        var target = store ?? Environment.GetEnvironmentVariable("SLUICE_STORE") ?? DefaultStore;
        if (target.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException("PostgreSQL stores are not available in this build; use a SQLite file path.");
        }
        var s = new SqliteStateStore(target);
        try
        {
            await s.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            await s.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"cannot open the state store '{target}': {ex.Message}");
        }
        return s;
    }

    public static ActionRegistry Actions() => BuiltInActions.CreateRegistry();
}
