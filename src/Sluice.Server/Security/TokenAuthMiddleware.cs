using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>
/// Enforces the API token: POST (and other mutating) requests need <c>Authorization: Bearer TOKEN</c>
/// when a token is set; when the server listens beyond loopback every request needs it (browsers may
/// present instead the <see cref="SessionCookies">session cookie</see> set by <c>/login</c>: for GET, and for the UI's form
/// posts whose <see cref="FormTokens">form token</see> was checked). Webhooks are
/// checked by their own key; <c>/login</c> is open.
/// </summary>
internal sealed class TokenAuthMiddleware(RequestDelegate next, ServerOptions options, SessionCookies sessions)
{
    private readonly bool _everywhere = ListenAddresses.Parse(options.Urls, out _).Any(static u => !u.IsLoopback);

    public Task InvokeAsync(HttpContext context)
    {
        var token = options.Token;
        if (string.IsNullOrEmpty(token) || IsOpen(context.Request.Path))
        {
            return next(context);
        }
        var request = context.Request;
        var mutating = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (!mutating && !_everywhere)
        {
            return next(context);
        }
        // A signed-in browser may change state only through the UI's forms: their form token proves the page was ours.
        if (HasBearer(request, token) || (sessions.IsValid(request) && (!mutating || context.Items.ContainsKey(FormTokens.CheckedKey))))
        {
            return next(context);
        }
        return RefuseAsync(context, request.Headers.Authorization.Count > 0);
    }

    public static bool HasBearer(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && TokenComparer.AreEqual(header["Bearer ".Length..].Trim(), token);
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/api/webhooks", StringComparison.Ordinal) || path.Equals("/login", StringComparison.Ordinal) || path.StartsWithSegments("/assets", StringComparison.Ordinal);

    private static Task RefuseAsync(HttpContext context, bool presented)
    {
        var wantsHtml = HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        if (wantsHtml && !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Redirect("/login?next=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return Task.CompletedTask;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: presented ? "Invalid API token" : "API token required",
            detail: "Send 'Authorization: Bearer TOKEN' (the token given to 'sluice serve --token' or SLUICE_API_TOKEN).").ExecuteAsync(context);
    }
}
