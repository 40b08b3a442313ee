using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Security;

/// <summary>The server's defences at the HTTP edge, in the order a request meets them.</summary>
internal static class HttpSecurity
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new HostPolicy(options));
        services.AddSingleton(new ServerKeys(options.Token));
        services.AddSingleton(sp => new FormTokens(sp.GetRequiredService<ServerKeys>()));
        services.AddSingleton(sp => new SessionCookies(sp.GetRequiredService<ServerKeys>(), options.Time));
    }

    /// <summary>
    /// Host check (DNS rebinding), body limit, cross-site check (origin, content type, form token), then the API token.
    /// </summary>
    public static void Use(WebApplication app, ServerOptions options)
    {
        app.UseMiddleware<HostFilterMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>(options);
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        app.UseMiddleware<TokenAuthMiddleware>(options);
    }
}
