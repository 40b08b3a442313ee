using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>The attributes of every cookie the server sets.</summary>
internal static class CookieAttributes
{
    /// <summary>
    /// HttpOnly (scripts never see it), SameSite=Strict (no other site's request carries it), Secure when the browser
    /// is on https: directly, or, behind a proxy that ends TLS, as the request's <c>Origin</c> says.
    /// </summary>
    public static CookieOptions For(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps || context.Request.Headers.Origin.ToString().StartsWith("https://", StringComparison.OrdinalIgnoreCase),
        Path = "/",
        MaxAge = lifetime,
    };
}
