using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Postgres.Tests.Distributed;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>
/// A real <c>sluice serve</c> child process (<c>dotnet Sluice.Cli.dll serve ...</c>) on a free port of 127.0.0.1,
/// in its own working folder, with its console output captured.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, Uri baseUri)
    {
        Process = process;
        BaseUri = baseUri;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public Uri BaseUri { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServeProcess Start(string workDir, string pipelinesDir, string store, params string[] extra)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var baseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        Directory.CreateDirectory(workDir);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        string[] args = [WorkerProcess.CliDll ?? throw new InvalidOperationException("Sluice.Cli.dll not found: build src/Sluice.Cli first."),
            "serve", "--pipelines", pipelinesDir, "--urls", baseUri.ToString().TrimEnd('/'), "--store", store, .. extra];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        return new ServeProcess(Process.Start(psi)!, baseUri);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails when the process exits first or after a generous deadline.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Process.HasExited.ShouldBeFalse($"sluice serve exited before printing '{text}':\n{Output}");
            deadline.IsCancellationRequested.ShouldBeFalse($"sluice serve did not print '{text}':\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal (<c>KILL</c>, <c>TERM</c>) with the real <c>kill</c> command and waits for the exit.</summary>
    public async Task SignalAndWaitAsync(string signal)
    {
        using (var kill = Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Process.WaitForExitAsync(deadline.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
