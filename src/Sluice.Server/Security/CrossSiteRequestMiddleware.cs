using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;

namespace Sluice.Server.Security;

/// <summary>
/// Refuses state-changing requests (anything but GET, HEAD, OPTIONS, TRACE) that a page on another site could make a
/// browser send. Such a page can send a form or a <c>fetch</c> without a CORS preflight only with no content type,
/// <c>text/plain</c>, a form or multipart type, and without custom headers; the server never grants a preflight. So a
/// state change needs one of: a JSON content type, <c>Authorization: Bearer</c>, the webhook key header, or (for the
/// UI's forms) a valid <see cref="FormTokens">form token</see>. Before that, a browser's own word is checked: an
/// <c>Origin</c> other than the server's own (or a <c>--allowed-host</c> name), or <c>Sec-Fetch-Site</c> other than
/// <c>same-origin</c>/<c>none</c>, is refused with 403.
/// </summary>
internal sealed class CrossSiteRequestMiddleware(RequestDelegate next, HostPolicy hosts, FormTokens forms)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (RefusalFromBrowserHeaders(request) is { } refusal)
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: refusal).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (IsJson(request.ContentType) || HasBearer(request) || request.Headers.ContainsKey(WebhookEndpoints.KeyHeader))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // The form reader's own limits (field length, field count) may be reached before the body limit; it
                // throws the same exception type for characters it refuses, telling them apart only by the message.
                var tooLarge = ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
                await Results.Problem(statusCode: tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                    title: tooLarge ? "Form too large" : "The form could not be read", detail: ex.Message).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            if (forms.IsValid(request, form))
            {
                context.Items[FormTokens.CheckedKey] = true;
                await next(context).ConfigureAwait(false);
                return;
            }
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Form token missing or wrong",
                detail: "This form did not come from a page of this server, or it has expired: reload the page and send it again.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON content type required",
            detail: $"{request.Method} requests need 'Content-Type: application/json' (also when the body is empty), "
                + "or 'Authorization: Bearer TOKEN': a page on another site cannot send either, so it cannot start, cancel or resume runs.").ExecuteAsync(context).ConfigureAwait(false);
    }

    private string? RefusalFromBrowserHeaders(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return $"The browser marked this request '{fetchSite}' (Sec-Fetch-Site): only pages of this server may change state.";
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(origin, request.Host))
        {
            return $"The request's origin '{origin}' is not this server's: only pages of this server may change state.";
        }
        return null;
    }

    /// <summary>
    /// Same host (and port, when <c>Host</c> has one) as the request, or a name listed with <c>--allowed-host</c>.
    /// The scheme is not compared: behind a proxy that ends TLS the browser's origin is https and the request is http.
    /// </summary>
    private bool IsOwnOrigin(string origin, HostString host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
        {
            return false;
        }
        if (hosts.IsListed(uri.Host))
        {
            return true;
        }
        var samePort = host.Port is { } port ? uri.Port == port : uri.IsDefaultPort;
        return samePort && string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    // Only Bearer: a browser adds Basic credentials it has cached (a proxy's) to cross-site requests by itself.
    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
