using System.Data.Common;
using System.Globalization;
using Npgsql;
using Sluice.Diagnostics;

namespace Sluice.Postgres.Connection;

/// <summary>
/// A validated connection string plus a password-free description of where it points
/// (<c>host:port/database as user</c>), used in every error message.
/// </summary>
internal sealed class ConnectionTarget
{
    private static readonly string[] TimeoutKeys = ["Timeout"];

    private ConnectionTarget(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
        var port = builder.Port.ToString(CultureInfo.InvariantCulture);
        Endpoint = builder.Host!.Contains(',', StringComparison.Ordinal) ? builder.Host : builder.Host + ":" + port;
        Database = builder.Database ?? builder.Username ?? "postgres";
        User = builder.Username ?? "(current user)";
    }

    /// <summary>The normalized settings (with the connect timeout filled in).</summary>
    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary><c>host:port</c>, or the host list when several are given.</summary>
    public string Endpoint { get; }

    /// <summary>The database name.</summary>
    public string Database { get; }

    /// <summary>The user name.</summary>
    public string User { get; }

    /// <summary>Parses and checks <paramref name="connectionString"/>; throws a <see cref="SluiceException"/> naming the problem.</summary>
    public static ConnectionTarget Parse(string connectionString, TimeSpan defaultConnectTimeout)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad key; the connection string itself may hold a password, so it is not quoted.
            throw new SluiceException("Invalid PostgreSQL connection string: " + ex.Message + " Expected the form Host=...;Port=5432;Database=...;Username=...;Password=...", ex);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new SluiceException("Invalid PostgreSQL connection string: it has no Host. Expected the form Host=...;Port=5432;Database=...;Username=...;Password=...");
        }
        if (!HasAnyKey(connectionString, TimeoutKeys))
        {
            builder.Timeout = Math.Max(1, (int)Math.Ceiling(defaultConnectTimeout.TotalSeconds));
        }
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "sluice";
        }
        return new ConnectionTarget(builder);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint}/{Database} (user {User})";

    /// <summary>True when <paramref name="connectionString"/> itself sets one of <paramref name="keys"/> (Npgsql's builder cannot tell a default from a value given).</summary>
    public static bool HasAnyKey(string connectionString, string[] keys)
    {
        // The generic builder only holds the keys the user wrote, unlike Npgsql's, which knows them all.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var k in keys)
        {
            if (given.ContainsKey(k))
            {
                return true;
            }
        }
        return false;
    }
}
