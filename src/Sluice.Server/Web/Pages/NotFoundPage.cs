using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Web.Pages;

/// <summary>A 404 page.</summary>
internal static class NotFoundPage
{
    public static IResult Render(string what, string id)
    {
        var h = Layout.Begin(what + " not found");
        h.Raw("<h1>").Text(what).Raw(" not found</h1><p>There is no ").Text(what.ToLowerInvariant()).Raw(" <code>").Text(id).Raw("</code>.</p>");
        var page = Layout.End(h);
        return new StatusResult(page, StatusCodes.Status404NotFound);
    }

    private sealed class StatusResult(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
