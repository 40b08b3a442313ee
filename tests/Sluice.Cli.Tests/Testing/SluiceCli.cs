using System.Diagnostics;
using System.Text;

namespace Sluice.Cli.Tests.Testing;

/// <summary>Runs the real <c>sluice</c> command (Sluice.Cli.dll from this test's output) as a child process.</summary>
public static class SluiceCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll");

    /// <summary>The repository root (folder holding Sluice.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Runs with <paramref name="environment"/> added to (or, for null values, removed from) the child's environment.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts without waiting; output is collected in the background.</summary>
    public static RunningCli Start(string workingDirectory, params string[] args) => new(Process.Start(StartInfo(workingDirectory, args))!);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stderr with the console's wrapping at 80 columns undone (each line break becomes one space).</summary>
    public string StderrText => System.Text.RegularExpressions.Regex.Replace(Stderr, @"[ \t]*\r?\n", " ");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public sealed class RunningCli : IDisposable
{
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public RunningCli(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => { lock (_out) { _out.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_err) { _err.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Stderr
    {
        get
        {
            lock (_err)
            {
                return _err.ToString();
            }
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>
    /// SIGKILLs the process once its staged stream sink has published <paramref name="count"/> checkpoint parts into
    /// <paramref name="partsFolder"/>, so the kill lands after committed checkpoints; fails after 60 s or when the process
    /// ends first.
    /// </summary>
    public async Task KillAfterPublishedPartsAsync(string partsFolder, int count = 3)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.Exists(partsFolder) || Directory.GetFiles(partsFolder, "part-*.csv").Length < count)
        {
            Process.HasExited.ShouldBeFalse(Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint was published: " + Stderr);
            await Task.Delay(20);
        }

        Signal("KILL");
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }
}
