using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Hosting.OpenLineage;

/// <summary>POSTs each event to <c>{url}/{endpoint}</c> (Marquez: <c>/api/v1/lineage</c>), with a bearer token when an API key is set.</summary>
internal sealed class HttpLineageTransport : IOpenLineageTransport
{
    private readonly HttpClient _client;
    private readonly Uri _target;

    public HttpLineageTransport(OpenLineageTransportSettings settings)
    {
        _client = new HttpClient { Timeout = settings.Timeout };
        if (settings.ApiKey is { } key)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        _target = new Uri(new Uri(settings.Url!.TrimEnd('/') + "/"), settings.Endpoint.TrimStart('/'));
    }

    public async Task SendAsync(string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(_target, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _client.Dispose();
}
