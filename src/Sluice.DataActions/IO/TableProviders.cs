using System.Collections.Immutable;

namespace Sluice.DataActions.IO;

/// <summary>
/// The database table providers the data actions read and write through, chosen by connection string or handle format.
/// One instance is owned by whoever composes the actions (the <c>sluice</c> command registers PostgreSQL) and passed to
/// <see cref="DataActionSet.Register"/>; providers added later are seen by the actions already registered.
/// Registering a provider for a format already registered replaces it. Thread-safe.
/// </summary>
public sealed class TableProviders
{
    private ImmutableArray<ITableProvider> _providers = [];

    /// <summary>The registered providers.</summary>
    public IReadOnlyList<ITableProvider> All => _providers;

    /// <summary>Registers <paramref name="provider"/>, replacing one registered for the same format.</summary>
    public TableProviders Register(ITableProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ImmutableInterlocked.Update(ref _providers, static (list, p) => [.. list.Where(x => x.Format != p.Format), p], provider);
        return this;
    }

    /// <summary>The provider that accepts <paramref name="connection"/>, or null.</summary>
    public ITableProvider? ForConnection(string connection) =>
        string.IsNullOrWhiteSpace(connection) ? null : _providers.FirstOrDefault(p => p.Accepts(connection));

    /// <summary>The provider of handles of <paramref name="format"/>, or null.</summary>
    public ITableProvider? ForFormat(string format) => _providers.FirstOrDefault(p => p.Format == format);

    /// <summary>The message for a connection string no provider accepts.</summary>
    internal static string NoProvider(string where) =>
        $"{where}no registered database accepts this connection string. PostgreSQL connection strings look like Host=db;Database=shop;Username=etl " +
        "or postgres://etl@db/shop, and need Sluice.Postgres registered (the sluice command does this; in C# call PostgresActions.Register)";
}
