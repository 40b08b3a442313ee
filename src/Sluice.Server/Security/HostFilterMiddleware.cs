using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>Refuses a request for a host name the server does not answer to (see <see cref="HostPolicy"/>) with 421.</summary>
internal sealed class HostFilterMiddleware(RequestDelegate next, HostPolicy hosts)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (hosts.Allows(host))
        {
            return next(context);
        }
        return Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "Unknown host",
            detail: $"This server does not answer to the host name '{host.Host}' (a defence against DNS rebinding). "
                + $"If it is reached through that name (a reverse proxy, a DNS name), start it with --allowed-host {host.Host}.").ExecuteAsync(context);
    }
}
