using System.Collections.Concurrent;

namespace Sluice.AI.Chat;

/// <summary>
/// One <see cref="ChatGateway"/> per endpoint, model and settings for the whole process, so the rate limit, the
/// concurrency bound and the circuit breaker hold across every task that uses the model.
/// </summary>
internal sealed class ChatGateways(ResponseCache? cache, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<ChatModelSettings, Lazy<ChatGateway>> _gateways = new();

    public ResponseCache? Cache => cache;

    public ChatGateway For(ChatModelSettings settings) =>
        _gateways.GetOrAdd(settings, s => new Lazy<ChatGateway>(() => new ChatGateway(s, cache, time))).Value;

    public void Dispose()
    {
        foreach (var g in _gateways.Values.Where(static g => g.IsValueCreated))
        {
            g.Value.Dispose();
        }
    }
}
