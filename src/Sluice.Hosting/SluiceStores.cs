using Sluice.Files;
using Sluice.Postgres;
using Sluice.S3;
using Sluice.Sqlite;
using Sluice.Stores;

namespace Sluice.Hosting;

/// <summary>
/// Opens the store a <c>--store</c> value names — a SQLite file or a PostgreSQL connection string — as one
/// <see cref="SluiceStore"/>. <c>sluice run</c>, <c>sluice worker</c>, <c>sluice serve</c> and every other command
/// open their store here and nowhere else.
/// </summary>
public static class SluiceStores
{
    /// <summary>The environment variable that names the store when no <c>--store</c> is given.</summary>
    public const string Variable = "SLUICE_STORE";

    /// <summary>The default store: a SQLite file under <c>.sluice/</c> in the current directory.</summary>
    public static readonly string DefaultTarget = Path.Combine(".sluice", "sluice.db");

    /// <summary>The store to use: <paramref name="value"/>, else <c>$SLUICE_STORE</c>, else <see cref="DefaultTarget"/>.</summary>
    public static string Resolve(string? value) =>
        value ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : DefaultTarget);

    /// <summary>True when <paramref name="target"/> is a PostgreSQL connection string rather than a SQLite file.</summary>
    public static bool IsShared(string target) => PostgresStore.IsConnectionString(target);

    /// <summary>Opens <paramref name="target"/>: PostgreSQL for a connection string (<c>Host=...</c>), else the SQLite file.</summary>
    /// <param name="target">A SQLite file path or a PostgreSQL connection string.</param>
    /// <param name="options">Artifact root, log and clock; null means the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="Diagnostics.SluiceException">PostgreSQL cannot be reached, refused the login, or the connection string is malformed.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The SQLite file cannot be opened or is not a Sluice database.</exception>
    public static Task<SluiceStore> OpenAsync(string target, SluiceStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        options = WithObjectStores(options ?? new SluiceStoreOptions());
        return IsShared(target)
            ? PostgresStore.OpenAsync(target, options, cancellationToken)
            : SqliteStore.OpenAsync(target, options, cancellationToken);
    }

    /// <summary>
    /// Adds the object stores every host offers (S3, configured from the environment: <c>AWS_ENDPOINT_URL_S3</c> and the
    /// AWS credential chain); an <c>s3://</c> artifact root becomes the artifact store, with the default local folder as
    /// the working folder.
    /// </summary>
    private static SluiceStoreOptions WithObjectStores(SluiceStoreOptions options)
    {
        S3StoreOptions s3;
        try
        {
            s3 = S3StoreOptions.FromEnvironment();
        }
        catch (ArgumentException ex)
        {
            throw new Diagnostics.SluiceException(ex.Message);
        }
        var withStores = options with { ObjectStores = [.. options.ObjectStores, new S3ObjectStore(s3)] };
        return FileStorage.IsRemote(options.ArtifactRoot)
            ? withStores with { ArtifactStore = options.ArtifactRoot, ArtifactRoot = null }
            : withStores;
    }
}
