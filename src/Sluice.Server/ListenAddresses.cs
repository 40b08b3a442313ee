using System.Net;

namespace Sluice.Server;

/// <summary>Parses the <c>--urls</c> list and tells loopback addresses from the rest.</summary>
internal static class ListenAddresses
{
    public static IReadOnlyList<ListenAddress> Parse(string urls, out string? error)
    {
        error = null;
        var result = new List<ListenAddress>();
        foreach (var raw in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel accepts wildcard hosts (*, +) that Uri rejects; they bind every interface.
            var normalized = raw.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                error = $"'{raw}' is not a valid listen address (example: http://127.0.0.1:8080)";
                return [];
            }
            var wildcard = normalized != raw || BindsEveryInterface(uri.Host);
            result.Add(new ListenAddress(raw, normalized != raw ? "" : uri.Host, IsLoopbackBinding(uri.Host), wildcard));
        }
        if (result.Count == 0)
        {
            error = "no listen address given (example: --urls http://127.0.0.1:8080)";
        }
        return result;
    }

    private static bool IsLoopbackBinding(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    // Kestrel binds every interface for 0.0.0.0, [::] and any host name other than localhost.
    private static bool BindsEveryInterface(string host) => IPAddress.TryParse(host.Trim('[', ']'), out var ip)
        ? ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)
        : !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}
