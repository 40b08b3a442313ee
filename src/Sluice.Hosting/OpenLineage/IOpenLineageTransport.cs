namespace Sluice.Hosting.OpenLineage;

/// <summary>Delivers one serialized OpenLineage event. Throws when it could not (the emitter retries with backoff).</summary>
public interface IOpenLineageTransport : IDisposable
{
    /// <summary>Sends <paramref name="json"/> (one event).</summary>
    Task SendAsync(string json, CancellationToken cancellationToken = default);
}
