using System.Collections.Immutable;

namespace Sluice.DataActions.IO;

/// <summary>
/// The database table providers known to this process. Process-wide because every data action opens dataset handles
/// through <see cref="DatasetReader"/>; hosts register providers once at startup (the <c>sluice</c> CLI registers
/// PostgreSQL). Registering a provider for a format already registered replaces it. Thread-safe.
/// </summary>
public static class TableProviders
{
    private static ImmutableArray<ITableProvider> _providers = [];

    /// <summary>The registered providers.</summary>
    public static IReadOnlyList<ITableProvider> All => _providers;

    /// <summary>Registers <paramref name="provider"/>, replacing one registered for the same format.</summary>
    public static void Register(ITableProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ImmutableInterlocked.Update(ref _providers, static (list, p) => [.. list.Where(x => x.Format != p.Format), p], provider);
    }

    /// <summary>The provider that accepts <paramref name="connection"/>, or null.</summary>
    public static ITableProvider? ForConnection(string connection) =>
        string.IsNullOrWhiteSpace(connection) ? null : _providers.FirstOrDefault(p => p.Accepts(connection));

    /// <summary>The provider of handles of <paramref name="format"/>, or null.</summary>
    public static ITableProvider? ForFormat(string format) => _providers.FirstOrDefault(p => p.Format == format);

    /// <summary>The message for a connection string no provider accepts.</summary>
    internal static string NoProvider(string where) =>
        $"{where}no registered database accepts this connection string. PostgreSQL connection strings look like Host=db;Database=shop;Username=etl " +
        "or postgres://etl@db/shop, and need Sluice.Postgres registered (the sluice command does this; in C# call PostgresActions.Register)";
}
