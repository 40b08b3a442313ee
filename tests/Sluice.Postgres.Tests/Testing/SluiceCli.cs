using System.Diagnostics;
using Sluice.Postgres.Tests.Distributed;

namespace Sluice.Postgres.Tests.Testing;

/// <summary>Runs the real <c>sluice</c> command (<c>dotnet Sluice.Cli.dll ...</c>) to its end.</summary>
internal static class SluiceCli
{
    /// <summary>Runs <c>sluice <paramref name="args"/></c> in <paramref name="workingDirectory"/>; returns the exit code and stdout followed by stderr.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(WorkerProcess.CliDll ?? throw new InvalidOperationException("Sluice.Cli.dll not found: build src/Sluice.Cli first."));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
