using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>
/// The cookie <c>/login</c> sets: its expiry time and a signature over it (<see cref="ServerKeys.Session"/>), never the
/// API token itself. It lets a browser GET pages and the API, and send the UI's forms (which also need a valid form token); never a JSON or API state change.
/// </summary>
internal sealed class SessionCookies(ServerKeys keys, TimeProvider time)
{
    public const string Name = "sluice_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Sets a new session cookie on the response.</summary>
    public void Issue(HttpContext context)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var stamp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Cookies.Append(Name, stamp + "." + ServerKeys.Sign(keys.Session, Label(stamp)), CookieAttributes.For(context, Lifetime));
    }

    /// <summary>Whether the request carries a session cookie this server signed that has not expired.</summary>
    public bool IsValid(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || value.Split('.') is not [var stamp, var signature]
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        return ServerKeys.Verify(keys.Session, Label(stamp), signature) && seconds > time.GetUtcNow().ToUnixTimeSeconds();
    }

    private static string Label(string stamp) => "session|" + stamp;
}
