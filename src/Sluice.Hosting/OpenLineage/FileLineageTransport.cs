using System.Text;

namespace Sluice.Hosting.OpenLineage;

/// <summary>Appends each event as one line of JSON to a file (the official clients' file transport with <c>append: true</c>).</summary>
internal sealed class FileLineageTransport(string path) : IOpenLineageTransport
{
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public async Task SendAsync(string json, CancellationToken cancellationToken = default)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }
        await File.AppendAllTextAsync(path, json + "\n", NoBom, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
    }
}
