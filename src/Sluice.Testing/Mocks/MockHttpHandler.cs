using System.Net;
using System.Text;
using Sluice.Diagnostics;

namespace Sluice.Testing.Mocks;

/// <summary>Answers requests from the test's canned responses; a request none matches fails, so a test never reaches the network.</summary>
internal sealed class MockHttpHandler(IReadOnlyList<HttpMock> responses) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        var mock = responses.FirstOrDefault(m => m.Matches(request.Method.Method, url))
            ?? throw new SluiceException($"no mocked HTTP response for {request.Method} {url}; add one under 'http:' in the test (url: {url.GetLeftPart(UriPartial.Path)})");
        var trimmed = mock.Body.TrimStart();
        var media = trimmed.StartsWith('{') || trimmed.StartsWith('[') ? "application/json" : "text/plain";
        return Task.FromResult(new HttpResponseMessage((HttpStatusCode)mock.Status)
        {
            Content = new StringContent(mock.Body, Encoding.UTF8, media),
            RequestMessage = request,
        });
    }
}
