namespace Sluice.Testing.Mocks;

/// <summary>A canned HTTP response for requests of <c>http_request</c> tasks whose method and URL match.</summary>
/// <param name="Url">The absolute URL, compared without its query unless this has one; a trailing <c>*</c> matches any rest.</param>
/// <param name="Status">The status code. The default is 200.</param>
/// <param name="Body">The response body; JSON bodies are sent as <c>application/json</c>.</param>
/// <param name="Method">The HTTP method, or null for any.</param>
public sealed record HttpMock(string Url, int Status = 200, string Body = "", string? Method = null)
{
    /// <summary>True when a request for <paramref name="method"/> <paramref name="url"/> gets this response.</summary>
    public bool Matches(string method, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var actual = Url.Contains('?', StringComparison.Ordinal) ? url.AbsoluteUri : url.GetLeftPart(UriPartial.Path);
        return Url.EndsWith('*')
            ? actual.StartsWith(Url[..^1], StringComparison.Ordinal)
            : string.Equals(actual.TrimEnd('/'), Url.TrimEnd('/'), StringComparison.Ordinal);
    }
}
