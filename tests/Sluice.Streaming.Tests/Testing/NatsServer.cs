using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Streaming.Tests.Testing;

/// <summary>
/// A real, throwaway NATS server with JetStream (<c>/usr/sbin/nats-server -js</c>, Debian's <c>nats-server</c>
/// package) on a free port of 127.0.0.1 with its store in a temp folder; killed and deleted on dispose.
/// </summary>
public sealed class NatsServer : IDisposable
{
    public const string Binary = "/usr/sbin/nats-server";
    private readonly Process _process;
    private readonly string _store = Path.Combine(Path.GetTempPath(), "sluice-nats-" + Guid.NewGuid().ToString("N")[..12]);

    public NatsServer()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} was not found; install the 'nats-server' package (apt-get install nats-server) to run the JetStream tests");
        }

        Directory.CreateDirectory(_store);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _store })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
