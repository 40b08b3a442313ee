using Microsoft.AspNetCore.Http;
using Sluice.Server.Security;

namespace Sluice.Server.Web;

/// <summary>
/// The UI's action forms: plain HTML POST forms carrying the <see cref="FormTokens">form token</see>; a form with a
/// confirmation text asks before it is sent (<c>console.js</c>). With an API token set, only a signed-in browser may act.
/// </summary>
internal sealed class Forms(HttpContext context, ServerOptions options, FormTokens tokens, SessionCookies sessions)
{
    private string? _token;

    /// <summary>True when this browser may send the action forms (no API token set, or signed in).</summary>
    public bool CanAct => string.IsNullOrEmpty(options.Token) || sessions.IsValid(context.Request);

    /// <summary>The link to sign in and come back to this page.</summary>
    public string SignInPath => "/login?next=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString);

    /// <summary>Opens a form posting to <paramref name="action"/>; <paramref name="confirm"/> is asked before sending, when given.</summary>
    public Html Begin(Html h, string action, string? confirm = null, string? cssClass = null)
    {
        h.Raw("<form method=\"post\"").Attr("action", action);
        if (cssClass is not null)
        {
            h.Attr("class", cssClass);
        }
        if (confirm is not null)
        {
            h.Attr("data-confirm", confirm);
        }
        _token ??= tokens.ForForm(context);
        return h.Raw("><input type=\"hidden\"").Attr("name", FormTokens.FieldName).Attr("value", _token).Raw(">");
    }

    /// <summary>Where a form's sender goes back to: a local path only.</summary>
    public static string Back(IFormCollection form, string fallback) => LocalPath.OrHome(form["back"].ToString() is { Length: > 0 } b ? b : fallback);
}
