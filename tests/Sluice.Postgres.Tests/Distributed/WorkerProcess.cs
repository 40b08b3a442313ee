using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>
/// A real <c>sluice worker</c> child process (<c>dotnet Sluice.Cli.dll worker ...</c>). The CLI is taken from
/// this test's output when referenced, else from the repository's build output of src/Sluice.Cli.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public int Pid => Process.Id;

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

    /// <summary>The CLI assembly, or null when it has not been built.</summary>
    public static string? CliDll { get; } = FindCli();

    public static WorkerProcess Start(string connectionString, params string[] extra) => Start(connectionString, Path.GetTempPath(), null, extra);

    /// <summary>A worker in <paramref name="workingDirectory"/> (its default artifact folder is there), with environment variables set for it.</summary>
    public static WorkerProcess Start(string connectionString, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            psi.Environment[name] = value;
        }
        psi.ArgumentList.Add(CliDll ?? throw new InvalidOperationException("Sluice.Cli.dll not found: build src/Sluice.Cli first."));
        psi.ArgumentList.Add("worker");
        psi.ArgumentList.Add("--store");
        psi.ArgumentList.Add(connectionString);
        foreach (var a in extra)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        return new WorkerProcess(Process.Start(psi)!);
    }

    /// <summary>Sends a signal (<c>KILL</c>, <c>TERM</c>) with the real <c>kill</c> command.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (Process.HasExited)
        {
            return true;
        }
        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

    private static string? FindCli()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll");
        if (File.Exists(local))
        {
            return local;
        }
        // .../tests/Sluice.Postgres.Tests/bin/<Configuration>/<tfm>/ → .../src/Sluice.Cli/bin/<Configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configDir = tfmDir.Parent!;
        var root = configDir.Parent?.Parent?.Parent?.Parent;
        if (root is null)
        {
            return null;
        }
        var candidate = Path.Combine(root.FullName, "src", "Sluice.Cli", "bin", configDir.Name, tfmDir.Name, "Sluice.Cli.dll");
        return File.Exists(candidate) ? candidate : null;
    }
}
