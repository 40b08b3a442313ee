using System.Globalization;
using Sluice.DataActions.Tests.Testing;
using Sluice.Datasets;
using Sluice.State;

namespace Sluice.DataActions.Tests.IO;

/// <summary>JSON APIs as datasets, against a real HTTP server on 127.0.0.1: three pagination styles, a 429, bad records.</summary>
public sealed class HttpSourceTests
{
    private static readonly string[] Records = [.. Enumerable.Range(1, 23).Select(i => $$"""{"id": {{i}}, "name": "item {{i}}", "price": {{i}}.5}""")];

    [Theory]
    [InlineData("page", "{style: page, size_param: per_page, size: 10}")]
    [InlineData("offset", "{style: offset, limit: 10}")]
    [InlineData("cursor", "{style: cursor, next: meta.next}")]
    [InlineData("link", "link")]
    public async Task PaginatedApi_EveryRecordOnce_InOrder(string style, string paginate)
    {
        await using var server = StubHttpServer.Start((request, response) =>
        {
            int from;
            var size = 10;
            switch (style)
            {
                case "page":
                    size = int.Parse(request.QueryString["per_page"]!, CultureInfo.InvariantCulture);
                    from = (int.Parse(request.QueryString["page"]!, CultureInfo.InvariantCulture) - 1) * size;
                    break;
                case "offset":
                    size = int.Parse(request.QueryString["limit"]!, CultureInfo.InvariantCulture);
                    from = int.Parse(request.QueryString["offset"]!, CultureInfo.InvariantCulture);
                    break;
                case "cursor":
                    from = request.QueryString["cursor"] is { } c ? int.Parse(c[1..], CultureInfo.InvariantCulture) : 0;
                    break;
                default:
                    from = request.QueryString["from"] is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : 0;
                    if (from + size < Records.Length)
                    {
                        response.AddHeader("Link", $"<{request.Url!.AbsolutePath}?from={from + size}>; rel=\"next\", <{request.Url!.AbsolutePath}?from=0>; rel=\"first\"");
                    }

                    break;
            }

            var items = string.Join(",", Records.Skip(from).Take(size));
            var next = style == "cursor" && from + size < Records.Length ? $"\"c{from + size}\"" : "null";
            return $$$"""{"data": [{{{items}}}], "meta": {"next": {{{next}}}}}""";
        });
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load($$$"""
            id: http_{{{style}}}
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: {url: "{{{server.Url}}}items", records: data, paginate: {{{paginate}}}, headers: {Authorization: Bearer t0ken}}
                outputs: [raw_data]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "ingest"));
        var data = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["raw_data"]!;
        var lines = await ArtifactFile.ReadAllLinesAsync(data.Path);
        lines[0].ShouldBe("id,name,price");
        lines.Skip(1).ShouldBe(Enumerable.Range(1, 23).Select(i => $"{i},item {i},{i}.5"));
        server.Requests.ShouldAllBe(r => r.EndsWith("| Bearer t0ken", StringComparison.Ordinal));
        server.Requests.Count.ShouldBe(style is "page" or "offset" ? 3 : 3);
    }

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter_ThenReadsEverything()
    {
        var calls = 0;
        await using var server = StubHttpServer.Start((request, response) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                response.StatusCode = 429;
                response.AddHeader("Retry-After", "1");
                return """{"error": "slow down"}""";
            }

            var page = int.Parse(request.QueryString["page"]!, CultureInfo.InvariantCulture);
            return page <= 2 ? $"[{Records[page - 1]}]" : "[]";
        });
        await using var h = new DataPipelineHarness();
        var started = DateTime.UtcNow;
        var outcome = await h.RunAsync(h.Load($$$"""
            id: http_429
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: {url: "{{{server.Url}}}items", paginate: page}
                outputs: [raw_data]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "ingest"));
        var data = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["raw_data"]!;
        (await ArtifactFile.ReadAllLinesAsync(data.Path)).Length.ShouldBe(3);
        server.Requests.Select(r => r.Split(' ')[1]).ShouldBe(["/items?page=1", "/items?page=2", "/items?page=2", "/items?page=3"]);
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)); // the Retry-After was honoured
    }

    [Fact]
    public async Task RecordsThatAreNotObjects_AreQuarantined_OthersKept()
    {
        await using var server = StubHttpServer.Start((_, _) => """{"items": [{"id": 1}, 42, {"id": "x"}, {"id": 3}]}""");
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load($$$"""
            id: http_bad
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: {url: "{{{server.Url}}}items", records: items}
                  schema: {id: int64}
                outputs: [raw_data, ingestion_stats]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "ingest"));
        var outputs = (IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!;
        (await ArtifactFile.ReadAllLinesAsync(((DatasetRef)outputs["raw_data"]!).Path)).ShouldBe(["id", "1", "3"]);
        var stats = (IReadOnlyDictionary<string, object?>)outputs["ingestion_stats"]!;
        Convert.ToInt64(stats["records_failed"], CultureInfo.InvariantCulture).ShouldBe(2);
    }

    [Theory]
    [InlineData(404, "answered 404")]
    [InlineData(401, "check the credentials")]
    public async Task ClientErrors_FailAtOnce_NamingTheRequest(int status, string fragment)
    {
        await using var server = StubHttpServer.Start((_, response) =>
        {
            response.StatusCode = status;
            return """{"error": "nope"}""";
        });
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load($$$"""
            id: http_error
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: {url: "{{{server.Url}}}items", headers: {Authorization: Bearer s3cret-value}}
                outputs: [raw_data]
            """));

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "ingest");
        error.ShouldContain($"GET {server.Url}items");
        error.ShouldContain(fragment);
        error.ShouldNotContain("s3cret-value");
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ResponseWithSeveralArrays_AsksForTheRecordsPath()
    {
        await using var server = StubHttpServer.Start((_, _) => """{"a": [1], "b": [2]}""");
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load($$$"""
            id: http_ambiguous
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: "{{{server.Url}}}items"
                outputs: [raw_data]
            """));

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "ingest")).ShouldContain("(the response's keys: a, b); set 'records'");
    }
}
