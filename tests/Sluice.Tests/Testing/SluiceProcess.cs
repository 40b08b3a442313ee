using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.Tests.Testing;

/// <summary>
/// A real <c>sluice</c> child process (<c>dotnet Sluice.Cli.dll ...</c>) with its output collected. The CLI is taken
/// from the test's output folder when the test project references it, else from the repository's build of src/Sluice.Cli.
/// </summary>
public sealed class SluiceProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private SluiceProcess(System.Diagnostics.Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Sluice.Cli.dll, or null when it has not been built.</summary>
    public static string? CliDll { get; } = FindCli();

    public System.Diagnostics.Process Process { get; }

    /// <summary>Standard output and error so far, interleaved.</summary>
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

    /// <summary>Starts <c>sluice ARGS</c> in <paramref name="workingDirectory"/> without waiting.</summary>
    public static SluiceProcess Start(string workingDirectory, params string[] args) => Start(null, workingDirectory, args);

    /// <summary>As <see cref="Start(string, string[])"/>, with environment variables set (or removed, when null) for the child.</summary>
    public static SluiceProcess Start(IReadOnlyDictionary<string, string?>? environment, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(CliDll ?? throw new InvalidOperationException("Sluice.Cli.dll is not built: build src/Sluice.Cli (the test project builds it) first."));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            psi.Environment[name] = value;
        }
        return new SluiceProcess(System.Diagnostics.Process.Start(psi)!);
    }

    /// <summary>Runs <c>sluice ARGS</c> to its end (at most three minutes) and returns its exit code.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args) => RunAsync(null, workingDirectory, args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with environment variables set for the child.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?>? environment, string workingDirectory, params string[] args)
    {
        using var p = Start(environment, workingDirectory, args);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.Process.WaitForExitAsync(cts.Token);
        return (p.Process.ExitCode, p.Output);
    }

    /// <summary>Sends a signal (<c>KILL</c>, <c>TERM</c>, <c>INT</c>) with the real <c>kill</c> command.</summary>
    public void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Process.WaitForExitAsync(cts.Token);
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
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string? FindCli()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll");
        if (File.Exists(local))
        {
            return local;
        }
        // .../tests/<Project>/bin/<Configuration>/<tfm>/ → .../src/Sluice.Cli/bin/<Configuration>/<tfm>/
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
