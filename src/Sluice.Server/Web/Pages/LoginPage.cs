using Microsoft.AspNetCore.Http;
using Sluice.Server.Security;

namespace Sluice.Server.Web.Pages;

/// <summary><c>/login</c>: lets a browser present the API token once; it is kept in an HttpOnly, SameSite=Strict cookie good for GET pages only.</summary>
internal static class LoginPage
{
    public static IResult Render(string? next, bool failed = false)
    {
        var h = Layout.Begin("Sign in");
        h.Raw("<h1>Sign in</h1>");
        if (failed)
        {
            h.Raw("<p class=\"error\">That token is not valid.</p>");
        }
        h.Raw("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\"").Attr("value", SafeNext(next))
            .Raw("><label>API token <input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label> <button type=\"submit\">Sign in</button></form>");
        return Layout.End(h);
    }

    public static async Task<IResult> SubmitAsync(HttpContext context, ServerOptions options)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var next = SafeNext(form["next"].ToString());
        if (string.IsNullOrEmpty(options.Token) || !TokenComparer.AreEqual(form["token"].ToString(), options.Token))
        {
            return Render(next, failed: true);
        }
        context.Response.Cookies.Append(TokenAuthMiddleware.CookieName, options.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return Results.Redirect(next);
    }

    /// <summary>Only a local path: never an open redirect to another site.</summary>
    private static string SafeNext(string? next) =>
        !string.IsNullOrEmpty(next) && next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.Contains('\\', StringComparison.Ordinal) ? next : "/";
}
