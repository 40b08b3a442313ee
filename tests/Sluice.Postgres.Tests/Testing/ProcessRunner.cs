using System.Diagnostics;

namespace Sluice.Postgres.Tests.Testing;

/// <summary>Runs a PostgreSQL program to completion, as the postgres user when the tests run as root.</summary>
internal static class ProcessRunner
{
    public static string Run(string program, IEnumerable<string> args, bool asPostgres, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            psi.FileName = "runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("postgres");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(program);
        }
        else
        {
            psi.FileName = program;
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        p.StandardInput.Close();
        // Read both streams asynchronously: a full pipe would otherwise block the child.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds} s.");
        }
        // A server child that kept our pipes open would hold them forever; do not wait for it.
        var output = Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)) ? stdout.Result + stderr.Result : "(output not captured)";
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {p.ExitCode}:\n{output}");
        }
        return output;
    }
}
