using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>
/// The host names the server answers to. A page served from an attacker's name that later resolves to this
/// machine (DNS rebinding) reaches the server with the attacker's name in <c>Host</c>; refusing unknown names keeps
/// such a page from reading the API. IP literals never go through DNS, so a wildcard binding may answer to any.
/// </summary>
internal sealed class HostPolicy
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];
    private readonly HashSet<string> _listed = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _listedSuffixes = [];
    private readonly bool _anyHost;
    private readonly bool _anyIp;

    public HostPolicy(ServerOptions options)
    {
        foreach (var address in ListenAddresses.Parse(options.Urls, out _))
        {
            _anyIp |= address.IsWildcard;
            if (address.Host.Length > 0)
            {
                _names.Add(address.Host);
            }
        }
        foreach (var entry in options.AllowedHosts)
        {
            if (entry == "*")
            {
                _anyHost = true;
            }
            else if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                _listedSuffixes.Add(entry[1..]);
            }
            else
            {
                _listed.Add(entry);
            }
        }
        _names.UnionWith(_listed);
        _suffixes.AddRange(_listedSuffixes);
    }

    /// <summary>Whether a request for <paramref name="host"/> is served. An empty host (HTTP/1.0) is: browsers always send one.</summary>
    public bool Allows(HostString host)
    {
        var name = Normalize(host.Host);
        if (name.Length == 0 || _anyHost || IsLoopbackName(name) || _names.Contains(name) || _suffixes.Exists(s => HasSuffix(name, s)))
        {
            return true;
        }
        return IPAddress.TryParse(name.Trim('[', ']'), out var ip) && (_anyIp || IPAddress.IsLoopback(ip));
    }

    /// <summary>Whether <paramref name="host"/> is one of the names given with <c>--allowed-host</c> (not <c>*</c>): an origin a reverse proxy serves.</summary>
    public bool IsListed(string host)
    {
        var name = Normalize(host);
        return _listed.Contains(name) || _listedSuffixes.Exists(s => HasSuffix(name, s));
    }

    /// <summary>Checks one <c>--allowed-host</c> entry; null when valid.</summary>
    public static string? Check(string entry)
    {
        var name = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        return entry == "*" || (name.Length > 0 && Uri.CheckHostName(name) != UriHostNameType.Unknown)
            ? null
            : $"the allowed host '{entry}' is not a host name (examples: sluice.example.com, *.example.com, *; no scheme, port or path)";
    }

    /// <summary><c>localhost</c> and its subdomains (browsers resolve them to loopback without DNS) and loopback addresses.</summary>
    private static bool IsLoopbackName(string name) =>
        name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    // A fully qualified name may end in a dot; it names the same host.
    private static string Normalize(string host) => host.EndsWith('.') ? host[..^1] : host;

    private static bool HasSuffix(string name, string dotSuffix) =>
        name.Length > dotSuffix.Length && name.EndsWith(dotSuffix, StringComparison.OrdinalIgnoreCase);
}
