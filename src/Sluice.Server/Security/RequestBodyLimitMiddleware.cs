using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Server.Security;

/// <summary>
/// Applies <see cref="ServerOptions.MaxRequestBodyBytes"/> to every request and answers a body that breaks it, or one
/// that cannot be read, with 413 or 400 problem details instead of the 500 an unhandled read error would give.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, ServerOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var tooLarge = ex.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await Results.Problem(statusCode: ex.StatusCode, title: tooLarge ? "Request body too large" : "The request could not be read",
                detail: tooLarge ? $"The request body is larger than this server's limit of {options.MaxRequestBodyBytes} bytes." : ex.Message).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
