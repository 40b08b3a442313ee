using Microsoft.AspNetCore.Http;
using Sluice.Server.Security;

namespace Sluice.Server.Web.Pages;

/// <summary>
/// <c>/login</c>: lets a browser present the API token once; it gets a <see cref="SessionCookies">session cookie</see>
/// (HttpOnly, SameSite=Strict) good for GET pages only. The form carries a <see cref="FormTokens">form token</see>.
/// </summary>
internal static class LoginPage
{
    public static IResult Render(HttpContext context, FormTokens forms, string? next, bool failed = false)
    {
        var h = Layout.Begin("Sign in");
        h.Raw("<h1>Sign in</h1>");
        if (failed)
        {
            h.Raw("<p class=\"error\">That token is not valid.</p>");
        }
        h.Raw("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\"").Attr("value", LocalPath.OrHome(next))
            .Raw("><input type=\"hidden\"").Attr("name", FormTokens.FieldName).Attr("value", forms.ForForm(context))
            .Raw("><label>API token <input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label> <button type=\"submit\">Sign in</button></form>");
        return Layout.End(h);
    }

    /// <summary>Checks the token (the form token was checked by <see cref="CrossSiteRequestMiddleware"/>), signs in and goes to <c>next</c>.</summary>
    public static async Task<IResult> SubmitAsync(HttpContext context, ServerOptions options, FormTokens forms, SessionCookies sessions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var next = LocalPath.OrHome(form["next"].ToString());
        if (string.IsNullOrEmpty(options.Token) || !TokenComparer.AreEqual(form["token"].ToString(), options.Token))
        {
            return Render(context, forms, next, failed: true);
        }
        sessions.Issue(context);
        return Results.Redirect(next);
    }
}
