using System.Diagnostics;
using System.Text;
using Sluice.Diagnostics;

namespace Sluice.Actions.BuiltIn;

/// <summary>
/// <c>shell</c>: runs a command. <c>command</c> is run by <c>/bin/sh -c</c>; <c>args</c> (a list) runs a
/// program directly without a shell. stdout and stderr go to the task log line by line. A non-zero
/// exit fails the attempt (transient, so retries apply). The command runs in its own process group: when it ends, is
/// cancelled or times out, every process it started ends too (see <see cref="ShellProcessGroup"/>).
/// </summary>
public sealed class ShellAction : IAction
{
    /// <summary>At most this much stdout is kept for the <c>stdout</c> output (the log has all of it).</summary>
    public const int MaxCapturedStdout = 1 << 20;

    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "shell",
        "Runs a command: 'command' through /bin/sh -c, or 'args' as a program and its arguments. Output lines go to the task log; a non-zero exit code fails the task.",
        [
            new ParameterSpec("command", ParameterType.String, "Shell command line, run by /bin/sh -c. Give this or 'args'.") { Code = CodeLanguage.Shell },
            new ParameterSpec("args", ParameterType.List, "Program and arguments, run without a shell. Give this or 'command'."),
            new ParameterSpec("env", ParameterType.Map, "Extra environment variables."),
            new ParameterSpec("cwd", ParameterType.String, "Working directory. The default is the current directory."),
        ],
        [
            new OutputSpec("exit_code", "The process exit code (0 on success)."),
            new OutputSpec("stdout", "Standard output, trailing newline removed (first 1 MiB)."),
        ])
    {
        ExactlyOneOf = [["command", "args"]],
    };

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var psi = BuildStartInfo(context);
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var stdout = new StringBuilder();
        var stderrTail = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            context.Log.Write("stdout", e.Data);
            lock (stdout)
            {
                if (stdout.Length < MaxCapturedStdout)
                {
                    stdout.Append(e.Data).Append('\n');
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            context.Log.Write("stderr", e.Data);
            lock (stderrTail)
            {
                stderrTail.Enqueue(e.Data);
                if (stderrTail.Count > 5)
                {
                    stderrTail.Dequeue();
                }
            }
        };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        if (ShellProcessGroup.StopOrphans(context.ArtifactDirectory) is > 0 and var orphans)
        {
            context.Log.Write("info", $"stopped {orphans} process group(s) left running by an earlier attempt of this task");
        }
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SluiceException($"could not start '{psi.FileName}': {ex.Message}");
        }
        ShellProcessGroup.Record(context.ArtifactDirectory, process);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                // Not WaitForExitAsync: it also waits for the output pipes to close, which a detached child holds open.
                await exited.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ShellProcessGroup.Kill(process.Id);
                KillTree(process);
                throw;
            }
            // Whatever the command left running in its group (a detached '(cmd &)') ends with the task; it would also
            // hold the output pipes open.
            ShellProcessGroup.Kill(process.Id);
            // Drains the asynchronous readers to the end of both streams.
            process.WaitForExit();
        }
        finally
        {
            ShellProcessGroup.Forget(context.ArtifactDirectory);
        }
        var code = process.ExitCode;
        string text;
        lock (stdout)
        {
            text = stdout.ToString().TrimEnd('\n');
        }
        if (code != 0)
        {
            string tail;
            lock (stderrTail)
            {
                tail = stderrTail.Count > 0 ? ": " + string.Join(" | ", stderrTail) : "";
            }
            throw new SluiceException($"command exited with code {code}{tail}", isTransient: true) { ExitCode = code };
        }
        return new ActionResult(new Dictionary<string, object?> { ["exit_code"] = (long)code, ["stdout"] = text });
    }

    private static ProcessStartInfo BuildStartInfo(ActionContext context)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        var command = context.Get("command") as string;
        var args = context.Get("args") as IReadOnlyList<object?>;
        if ((command is null) == (args is null))
        {
            throw new SluiceException("shell needs exactly one of 'command' (a string) or 'args' (a list)");
        }
        if (command is not null)
        {
            psi.FileName = "/bin/sh";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
        }
        else
        {
            if (args!.Count == 0)
            {
                throw new SluiceException("shell 'args' must name a program");
            }
            psi.FileName = Expressions.ExprValues.ToText(args[0]);
            foreach (var a in args.Skip(1))
            {
                psi.ArgumentList.Add(Expressions.ExprValues.ToText(a));
            }
        }
        if (context.Get("cwd") is string cwd)
        {
            psi.WorkingDirectory = cwd;
        }
        // Secrets reach a command only when the task passes them (env: {TOKEN: "{{ secret('TOKEN') }}"}), never by inheritance.
        foreach (var name in psi.Environment.Keys.Where(Sluice.Secrets.SecretSources.IsSecretVariable).ToList())
        {
            psi.Environment.Remove(name);
        }
        psi.Environment.Remove(Sluice.Secrets.SecretSources.DirectoryVariable);
        ShellProcessGroup.Isolate(psi);
        if (context.Get("env") is IReadOnlyDictionary<string, object?> env)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v is null ? null : Expressions.ExprValues.ToText(v);
            }
        }
        return psi;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
