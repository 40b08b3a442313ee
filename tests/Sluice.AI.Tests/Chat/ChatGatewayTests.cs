using System.Text.Json;
using Sluice.AI.Chat;
using Sluice.AI.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.AI.Tests.Chat;

public sealed class ChatGatewayTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{"value":{"type":"string","enum":["a","b"]},"reason":{"type":"string"}},"required":["value","reason"],"additionalProperties":false}
        """).RootElement.Clone();

    private static readonly ChatCall Call = new("system text", "user text", Schema, "auto_value");

    private static ChatModelSettings Settings(OpenAiStub stub) => new()
    {
        Name = "analyst",
        Model = "gpt-test",
        BaseUrl = new Uri(stub.BaseUrl),
        ApiKey = "sk-test-key-1234",
        KeySource = "test",
        Temperature = 0.1,
        Timeout = TimeSpan.FromSeconds(120),
        RetryDelay = TimeSpan.FromMilliseconds(250),
        MaxRetries = 2,
    };

    private static string? IsAorB(JsonElement answer) =>
        answer.TryGetProperty("value", out var v) && v.GetString() is "a" or "b" ? null : "value must be a or b";

    [Fact]
    public async Task Request_CarriesModelTemperatureKeyAndStructuredOutputSchema()
    {
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "b", reason = "r" }));
        using var gateways = new ChatGateways(null, TimeProvider.System);
        var meter = new UsageMeter();

        var result = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);

        result.Error.ShouldBeNull();
        result.Answer!.Value.GetProperty("value").GetString().ShouldBe("b");
        var r = stub.Requests.ShouldHaveSingleItem();
        r.Path.ShouldBe("/v1/chat/completions");
        r.Model.ShouldBe("gpt-test");
        r.Temperature!.Value.ShouldBe(0.1, 1e-6);
        r.Authorization.ShouldBe("Bearer sk-test-key-1234");
        r.ResponseFormatType.ShouldBe("json_schema");
        JsonElement.DeepEquals(r.Schema!.Value, Schema).ShouldBeTrue(r.Schema!.Value.GetRawText());
        r.User.ShouldBe("user text");
        (meter.Requests, meter.InputTokens, meter.OutputTokens, result.InputTokens, result.OutputTokens).ShouldBe((1L, 11L, 7L, 11L, 7L));
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterTheRetryAfterTheServerNames()
    {
        await using var stub = new OpenAiStub((r, n) => n == 0
            ? new StubReply(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "7" })
            : StubReply.Json(new { value = "a", reason = "r" }));
        var time = new RecordingTime();
        using var gateways = new ChatGateways(null, time);
        var meter = new UsageMeter();

        var result = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);

        result.Error.ShouldBeNull();
        stub.Count.ShouldBe(2);
        (meter.Requests, meter.Retries, meter.Failed).ShouldBe((2L, 1L, 0L));
        time.Waits.ShouldContain(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_ThenTheCallFails()
    {
        await using var stub = new OpenAiStub((_, _) => new StubReply(500));
        var time = new RecordingTime();
        using var gateways = new ChatGateways(null, time);
        var meter = new UsageMeter();

        var result = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);

        result.Answer.ShouldBeNull();
        result.Error!.ShouldContain("HTTP 500 after 3 requests");
        stub.Count.ShouldBe(3);
        time.Waits.ShouldBe([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)]);
        (meter.Requests, meter.Retries, meter.Failed).ShouldBe((3L, 2L, 1L));
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheCircuit_AndLaterCallsSendNothing()
    {
        await using var stub = new OpenAiStub((_, _) => new StubReply(503));
        using var gateways = new ChatGateways(null, new RecordingTime());
        var gateway = gateways.For(Settings(stub) with { MaxRetries = 1, BreakerFailures = 2, BreakerOpen = TimeSpan.FromMinutes(10) });
        var meter = new UsageMeter();

        (await gateway.CompleteAsync(Call, IsAorB, meter, default)).Answer.ShouldBeNull();
        (await gateway.CompleteAsync(Call, IsAorB, meter, default)).Answer.ShouldBeNull();
        stub.Count.ShouldBe(4);
        var third = await gateway.CompleteAsync(Call, IsAorB, meter, default);

        third.Error!.ShouldContain("circuit");
        stub.Count.ShouldBe(4);
        gateway.Breaker.Opened.ShouldBe(1);
    }

    [Fact]
    public async Task RejectedKey_OpensTheCircuitAtOnce()
    {
        await using var stub = new OpenAiStub((_, _) => new StubReply(401));
        using var gateways = new ChatGateways(null, new RecordingTime());
        var gateway = gateways.For(Settings(stub));
        var meter = new UsageMeter();

        (await gateway.CompleteAsync(Call, IsAorB, meter, default)).Error!.ShouldContain("refused the key (401)");
        (await gateway.CompleteAsync(Call, IsAorB, meter, default)).Error!.ShouldContain("circuit");

        stub.Count.ShouldBe(1);
        stub.Requests[0].Authorization.ShouldNotBeNull();
    }

    [Fact]
    public async Task HangingRequest_TimesOut_AndIsRetried()
    {
        await using var stub = new OpenAiStub((_, n) => n == 0 ? new StubReply(Hang: true) : StubReply.Json(new { value = "a", reason = "r" }));
        // Only the backoff (250 ms) is skipped; the 300 ms request timeout runs on the real clock.
        using var gateways = new ChatGateways(null, new RecordingTime { Skip = TimeSpan.FromMilliseconds(260) });
        var meter = new UsageMeter();

        var result = await gateways.For(Settings(stub) with { Timeout = TimeSpan.FromMilliseconds(300) }).CompleteAsync(Call, IsAorB, meter, default);

        result.Error.ShouldBeNull();
        stub.Count.ShouldBe(2);
        meter.Retries.ShouldBe(1);
    }

    [Fact]
    public async Task MalformedOrSchemaViolatingAnswer_IsAskedOnceMore()
    {
        await using var stub = new OpenAiStub((_, n) => n == 0 ? new StubReply(Content: "sure! here is your JSON") : StubReply.Json(new { value = "a", reason = "r" }));
        using var gateways = new ChatGateways(null, new RecordingTime());
        var meter = new UsageMeter();

        var result = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);

        result.Error.ShouldBeNull();
        stub.Count.ShouldBe(2);
        (result.InputTokens, result.OutputTokens).ShouldBe((22L, 14L));
    }

    [Fact]
    public async Task AnswerInvalidTwice_Fails_AndIsNotCached()
    {
        using var dir = new TempDirectory();
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "c", reason = "r" }));
        await using var cache = new ResponseCache(dir.File("cache.sqlite"));
        using var gateways = new ChatGateways(cache, new RecordingTime());
        var meter = new UsageMeter();

        var first = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);
        var second = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);

        first.Error!.ShouldContain("value must be a or b");
        second.Cached.ShouldBeFalse();
        stub.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ValidAnswer_IsCached_SoTheSameCallLaterSendsNoRequest()
    {
        using var dir = new TempDirectory();
        await using var stub = new OpenAiStub((_, _) => StubReply.Json(new { value = "a", reason = "r" }));
        await using (var cache = new ResponseCache(dir.File("cache.sqlite")))
        {
            using var gateways = new ChatGateways(cache, TimeProvider.System);
            (await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, new UsageMeter(), default)).Cached.ShouldBeFalse();
        }
        stub.Count.ShouldBe(1);

        // A new process: a new cache object on the same file.
        await using (var cache = new ResponseCache(dir.File("cache.sqlite")))
        {
            using var gateways = new ChatGateways(cache, TimeProvider.System);
            var meter = new UsageMeter();
            var again = await gateways.For(Settings(stub)).CompleteAsync(Call, IsAorB, meter, default);
            again.Cached.ShouldBeTrue();
            again.Answer!.Value.GetProperty("value").GetString().ShouldBe("a");
            (meter.Requests, meter.Cached, meter.InputTokens).ShouldBe((0L, 1L, 0L));
            var other = await gateways.For(Settings(stub) with { Model = "gpt-other" }).CompleteAsync(Call, IsAorB, meter, default);
            other.Cached.ShouldBeFalse();
        }
        stub.Count.ShouldBe(2);
    }
}
