using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.IO.Http;

/// <summary>
/// Fetches every page of an HTTP JSON source and returns its records as JSON Lines (one compact object per line),
/// for <see cref="Data.Json.JsonSource"/> to type, convert and quarantine. Requests are paced to the rate limit;
/// 408, 429, 5xx, timeouts and connection failures are retried with the server's <c>Retry-After</c> or an exponential
/// backoff; any other status fails at once, naming the request (never its headers).
/// </summary>
internal sealed class HttpJsonFetcher
{
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private readonly HttpSourceSettings _settings;
    private readonly HttpClient _client;
    private readonly CancellationToken _cancellationToken;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _nextSlot;

    private HttpJsonFetcher(HttpSourceSettings settings, HttpClient client, CancellationToken cancellationToken)
    {
        _settings = settings;
        _client = client;
        _cancellationToken = cancellationToken;
    }

    public int Pages { get; private set; }

    public int Requests { get; private set; }

    public long Records { get; private set; }

    /// <summary>Fetches all pages; returns the records as JSON Lines.</summary>
    /// <exception cref="SluiceException">A request failed (transient when retries ran out on a retryable failure), a page is not JSON, or the records cannot be found.</exception>
    public static (byte[] Lines, HttpJsonFetcher Stats) Fetch(HttpSourceSettings settings, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        var fetcher = new HttpJsonFetcher(settings, client ?? SharedClient, cancellationToken);
        return (fetcher.FetchAll(), fetcher);
    }

    private byte[] FetchAll()
    {
        var output = new MemoryStream();
        var paging = _settings.Pagination;
        var page = paging.Start;
        long offset = 0;
        string? cursor = null;
        Uri? next = _settings.Url;
        while (next is not null)
        {
            if (Pages == _settings.MaxPages)
            {
                throw new SluiceException($"HTTP source '{_settings.Url}': more than {_settings.MaxPages} pages; raise max_pages if this is expected");
            }

            var uri = paging.Style switch
            {
                "page" => WithQuery(_settings.Url, [new(paging.Param, page.ToString(CultureInfo.InvariantCulture)), .. SizeParam(paging)]),
                "offset" => WithQuery(_settings.Url, [new(paging.Param, offset.ToString(CultureInfo.InvariantCulture)), .. SizeParam(paging)]),
                "cursor" => WithQuery(_settings.Url, [.. cursor is null ? [] : new KeyValuePair<string, string>[] { new(paging.Param, cursor) }, .. SizeParam(paging)]),
                "link" => Pages == 0 ? WithQuery(_settings.Url, []) : next,
                _ => WithQuery(_settings.Url, []),
            };
            var (body, link) = Send(uri);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new SluiceException($"{_settings.Method} {uri}: page {Pages + 1} is not JSON ({ex.Message}); check the URL and that the API answers JSON");
            }

            int count;
            using (doc)
            {
                var records = RecordsOf(doc.RootElement, uri);
                count = records.GetArrayLength();
                using (var writer = new Utf8JsonWriter(output))
                {
                    foreach (var record in records.EnumerateArray())
                    {
                        record.WriteTo(writer);
                        writer.Flush();
                        output.WriteByte((byte)'\n');
                        writer.Reset();
                    }
                }

                Pages++;
                Records += count;
                if (output.Length > _settings.MaxBytes)
                {
                    throw new SluiceException($"HTTP source '{_settings.Url}': more than {_settings.MaxBytes:N0} bytes of records after {Pages} pages; HTTP sources are held in memory, so raise max_bytes or narrow the query");
                }

                next = paging.Style switch
                {
                    "page" => count == 0 || (paging.Size is { } size && count < size) ? null : uri,
                    "offset" => count == 0 || count < paging.Size ? null : uri,
                    "cursor" => NextCursor(doc.RootElement, ref cursor, uri),
                    "link" => link is null ? null : new Uri(uri, link),
                    _ => null,
                };
            }

            page++;
            offset += count;
        }

        return output.ToArray();
    }

    private static IEnumerable<KeyValuePair<string, string>> SizeParam(HttpPagination paging) =>
        paging.SizeParam is { } name && paging.Size is { } size ? [new(name, size.ToString(CultureInfo.InvariantCulture))] : [];

    private Uri? NextCursor(JsonElement root, ref string? cursor, Uri uri)
    {
        var value = Navigate(root, _settings.Pagination.Next);
        var text = value is { ValueKind: JsonValueKind.String } s ? s.GetString()
            : value is { ValueKind: JsonValueKind.Number } n ? n.GetRawText()
            : null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text == cursor)
        {
            throw new SluiceException($"{_settings.Method} {uri}: the next cursor ('{_settings.Pagination.Next}') is the one just used; the API would be read forever");
        }

        cursor = text;
        return uri;
    }

    private JsonElement RecordsOf(JsonElement root, Uri uri)
    {
        if (_settings.RecordsPath is { } path)
        {
            return Navigate(root, path) is { ValueKind: JsonValueKind.Array } found
                ? found
                : throw new SluiceException($"{_settings.Method} {uri}: no array of records at '{path}' (the response's keys: {Keys(root)}); set 'records' to the dot path of the array");
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            var arrays = root.EnumerateObject().Where(static p => p.Value.ValueKind == JsonValueKind.Array).ToList();
            if (arrays.Count == 1)
            {
                return arrays[0].Value;
            }
        }

        throw new SluiceException($"{_settings.Method} {uri}: cannot tell where the records are (the response's keys: {Keys(root)}); set 'records' to the dot path of the array, such as data.items");
    }

    private static string Keys(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object ? string.Join(", ", root.EnumerateObject().Select(static p => p.Name)) : $"none, it is a {root.ValueKind.ToString().ToLowerInvariant()}";

    private static JsonElement? Navigate(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "$")
            {
                continue;
            }

            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(part, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private Uri WithQuery(Uri url, IEnumerable<KeyValuePair<string, string>> extra)
    {
        var pairs = _settings.Query.Concat(extra).ToList();
        if (pairs.Count == 0)
        {
            return url;
        }

        var query = string.Join("&", pairs.Select(static p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var builder = new UriBuilder(url) { Query = url.Query.Length > 1 ? url.Query[1..] + "&" + query : query };
        return builder.Uri;
    }

    /// <summary>One request with pacing and retries; returns the body and the <c>rel="next"</c> link, if any.</summary>
    private (byte[] Body, string? NextLink) Send(Uri uri)
    {
        var what = $"{_settings.Method} {uri}";
        int? lastStatus = null;
        for (var attempt = 0; ; attempt++)
        {
            Pace();
            Requests++;
            string failure;
            TimeSpan? retryAfter = null;
            using var request = new HttpRequestMessage(_settings.Method, uri);
            foreach (var (name, value) in _settings.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    throw new SluiceException($"HTTP source '{_settings.Url}': '{name}' is a content header; it cannot be set on this request");
                }
            }

            if (_settings.Body is { } body)
            {
                request.Content = body is string text
                    ? new StringContent(text, Encoding.UTF8, "application/json")
                    : new StringContent(ExprValues.ToJsonText(body), Encoding.UTF8, "application/json");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
            timeout.CancelAfter(_settings.Timeout);
            try
            {
                using var response = _client.Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var status = (int)response.StatusCode;
                using var stream = response.Content.ReadAsStream(timeout.Token);
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                if (response.IsSuccessStatusCode)
                {
                    return (buffer.ToArray(), NextLink(response));
                }

                var excerpt = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)Math.Min(buffer.Length, 300)).ReplaceLineEndings(" ");
                failure = $"{what} answered {status} {response.ReasonPhrase}: {excerpt}";
                if (status is not (408 or 429) && status < 500)
                {
                    throw new SluiceException(failure + (status is 401 or 403 ? " (check the credentials in 'headers')" : "")) { HttpStatus = status };
                }

                lastStatus = status;
                retryAfter = RetryAfter.Parse(response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null,
                    response.Headers.Date ?? TimeProvider.System.GetUtcNow());
            }
            catch (HttpRequestException ex)
            {
                failure = $"{what} failed: {ex.Message}";
                lastStatus = null;
            }
            catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
            {
                failure = $"{what} got no answer within {_settings.Timeout.TotalSeconds:0.###} s";
                lastStatus = null;
            }

            if (attempt >= _settings.Retries)
            {
                throw new SluiceException($"{failure} (gave up after {attempt + 1} attempt(s))", isTransient: true) { HttpStatus = lastStatus };
            }

            var delay = retryAfter ?? TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt)));
            if (_cancellationToken.WaitHandle.WaitOne(delay))
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(static v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces[0].StartsWith('<') && pieces[0].EndsWith('>')
                && pieces.Skip(1).Any(static p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                return pieces[0][1..^1];
            }
        }

        return null;
    }

    /// <summary>Waits for the next request slot of the rate limit.</summary>
    private void Pace()
    {
        if (_settings.RateLimit is not { } perSecond)
        {
            return;
        }

        var now = _clock.Elapsed;
        if (_nextSlot > now && _cancellationToken.WaitHandle.WaitOne(_nextSlot - now))
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }

        _nextSlot = (_nextSlot > now ? _nextSlot : now) + TimeSpan.FromSeconds(1 / perSecond);
    }
}
