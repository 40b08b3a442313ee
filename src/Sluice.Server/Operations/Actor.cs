using Microsoft.AspNetCore.Http;
using Sluice.Server.Security;

namespace Sluice.Server.Operations;

/// <summary>
/// Who made a request, for the audit trail: how it was authorized (the API token, a signed-in browser, or nothing on a
/// server without a token) and the client's address. Sluice has one token, not user accounts, so this is as precise as
/// "who" gets; a reverse proxy's address shows as the proxy's.
/// </summary>
internal static class Actor
{
    public static string Of(HttpContext context, ServerOptions options, SessionCookies sessions)
    {
        var request = context.Request;
        var how = !string.IsNullOrEmpty(options.Token) && TokenAuthMiddleware.HasBearer(request, options.Token) ? "api token"
            : sessions.IsValid(request) ? "ui session"
            : request.HasFormContentType ? "ui" : "api";
        var from = context.Connection.RemoteIpAddress?.ToString();
        return from is null ? how : how + " " + from;
    }
}
