using System.CommandLine;
using Sluice.Actions;
using Sluice.Files;
using Sluice.Hosting;
using Sluice.Stores;

namespace Sluice.Cli;

/// <summary>Options shared by several commands, and how they turn into a store and an action registry (through <see cref="SluiceStores"/> and <see cref="SluiceActions"/>).</summary>
internal static class CommonOptions
{
    /// <summary>The default store: a SQLite file under <c>.sluice/</c> in the current directory.</summary>
    public static readonly string DefaultStore = SluiceStores.DefaultTarget;

    public static Option<string> Store() => new("--store")
    {
        Description = "State store: a SQLite file path or a PostgreSQL connection string (Host=...;Database=...). The default is $SLUICE_STORE or .sluice/sluice.db.",
    };

    /// <summary><c>--allow-path DIR[:ro]</c>, repeatable: a folder data actions may read (and, without <c>:ro</c>, write) files in.</summary>
    public static Option<string[]> AllowPath(string when) => new("--allow-path")
    {
        Description = $"Let data actions read and write files under DIR (DIR:ro: read only); repeatable, added to ${AllowedPath.Variable} (separated by ';'). {when}",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The <c>--allow-path</c> values and those of <c>$SLUICE_ALLOW_PATHS</c>.</summary>
    public static IReadOnlyList<AllowedPath> AllowedPaths(string[]? values)
    {
        try
        {
            return [.. (values ?? []).Select(AllowedPath.Parse), .. AllowedPath.FromEnvironment()];
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--allow-path: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>Opens the store <paramref name="store"/> names (else $SLUICE_STORE, else the default file).</summary>
    /// <param name="store">The <c>--store</c> value, or null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <param name="artifactRoot">An <c>--artifacts</c> folder, or null for the store's default.</param>
    public static async Task<SluiceStore> OpenStoreAsync(string? store, CancellationToken cancellationToken, string? artifactRoot = null)
    {
        var options = new SluiceStoreOptions { ArtifactRoot = artifactRoot, Log = static message => Output.Terminal.Note(message) };
        var target = SluiceStores.Resolve(store);
        try
        {
            return await SluiceStores.OpenAsync(target, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Diagnostics.SluiceException)
        {
            throw StoreErrors.OnOpen(target, ex) ?? new CliException($"cannot open the state store: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Creating the store's folder failed (a read-only or special file system, a file where a folder should be).
            throw new CliException($"cannot open the state store '{target}': {ex.Message}", ExitCodes.RunFailed);
        }
    }

    /// <summary>Every action, for loading and validating definitions before a store is open.</summary>
    public static ActionRegistry Actions() => SluiceActions.Create();

    /// <summary>Every action, with the services they keep in <paramref name="store"/> (quality history).</summary>
    public static ActionRegistry Actions(SluiceStore store) => SluiceActions.Create(store);
}
