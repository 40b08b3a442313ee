using System.Collections.Concurrent;
using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.Connection;

namespace Sluice.Postgres.DataIO;

/// <summary>
/// Connection strings of data sources, targets and <c>sql</c> tasks: the key=value form (<c>Host=…</c>) or a URI
/// (<c>postgres://user:password@host:port/database?sslmode=require</c>), checked and described without the password.
/// Dataset handles are stored as task outputs, so they keep the connection string without its password; the password
/// given in this process is remembered here (by the password-free string) for the tasks that later read the handle.
/// A process that never saw it (another worker) uses Npgsql's own sources: <c>PGPASSWORD</c> or the password file.
/// </summary>
internal static class PostgresConnectionString
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<string, string> Passwords = new(StringComparer.Ordinal);

    /// <summary>True for <c>postgres://</c> and <c>postgresql://</c> URIs and key=value strings naming a host.</summary>
    public static bool Accepts(string value) =>
        !string.IsNullOrWhiteSpace(value) && (IsUri(value) || PostgresStore.IsConnectionString(value));

    /// <summary>Parses either form into a checked target.</summary>
    /// <exception cref="SluiceException">Malformed (the message never quotes the string itself).</exception>
    public static ConnectionTarget Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var target = ConnectionTarget.Parse(IsUri(value) ? FromUri(value) : value, ConnectTimeout);
        if (target.Builder.Password is null && Passwords.TryGetValue(target.Builder.ConnectionString, out var known))
        {
            target = ConnectionTarget.Parse(known, ConnectTimeout);
        }
        return target;
    }

    /// <summary>The connection string without its password, to store in a handle; remembers the password for this process.</summary>
    public static string WithoutPassword(ConnectionTarget target)
    {
        var copy = new NpgsqlConnectionStringBuilder(target.Builder.ConnectionString) { Password = null };
        var stripped = copy.ConnectionString;
        if (target.Builder.Password is not null)
        {
            Passwords[stripped] = target.Builder.ConnectionString;
        }
        return stripped;
    }

    /// <summary><c>postgres://user@host:port/database</c>, never with a password.</summary>
    public static string Describe(ConnectionTarget target) =>
        "postgres://" + (target.Builder.Username is { Length: > 0 } user ? user + "@" : "") + target.Endpoint + "/" + target.Database;

    private static bool IsUri(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns a libpq-style URI into Npgsql's key=value form.</summary>
    private static string FromUri(string uri)
    {
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var builder = new NpgsqlConnectionStringBuilder();
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? rest[(q + 1)..] : "";
        rest = q >= 0 ? rest[..q] : rest;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && rest[(slash + 1)..] is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }
        var authority = slash >= 0 ? rest[..slash] : rest;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
            authority = authority[(at + 1)..];
        }
        var portColon = authority.LastIndexOf(':');
        if (portColon > authority.LastIndexOf(']') && int.TryParse(authority.AsSpan(portColon + 1), out var port))
        {
            builder.Port = port;
            authority = authority[..portColon];
        }
        builder.Host = authority.Trim('[', ']');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : "";
            try
            {
                builder[UriKey(key)] = value;
            }
            catch (ArgumentException ex)
            {
                throw new SluiceException($"Invalid PostgreSQL URI: the option '{key}' is not supported ({ex.Message}).", ex);
            }
        }
        return builder.ConnectionString;
    }

    private static string UriKey(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        "user" => "Username",
        "dbname" => "Database",
        _ => key,
    };
}
