namespace Sluice.Hosting.OpenLineage;

/// <summary>Writes each event as one line of JSON to standard error (standard output carries a run's result line).</summary>
internal sealed class ConsoleLineageTransport : IOpenLineageTransport
{
    public async Task SendAsync(string json, CancellationToken cancellationToken = default) =>
        await Console.Error.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
    }
}
