using System.Diagnostics;
using System.Globalization;

namespace Sluice.Actions.BuiltIn;

/// <summary>
/// A shell task's processes as one unit: the command runs in its own session (<c>setsid</c>), so everything it starts —
/// including children that detach with <c>(cmd &amp;)</c> and are reparented to init — shares its process group and is
/// stopped with it. The group is recorded in the attempt's folder while it runs, so a later attempt of the same task
/// (a retry, or a resume after <c>sluice run</c> was killed) stops a group that outlived its runner before running again.
/// </summary>
internal static partial class ShellProcessGroup
{
    private const string RecordName = ".shell-group";
    private static readonly string? Setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : File.Exists("/bin/setsid") ? "/bin/setsid" : null;

    /// <summary>True when commands can run in their own process group here (Linux with util-linux).</summary>
    public static bool Supported => Setsid is not null && OperatingSystem.IsLinux();

    /// <summary>Makes <paramref name="psi"/> start its program as the leader of a new session and process group.</summary>
    public static void Isolate(ProcessStartInfo psi)
    {
        if (!Supported)
        {
            return;
        }
        // The child of .NET's fork is not a group leader, so setsid makes it one without forking: the pid stays the group id.
        psi.ArgumentList.Insert(0, psi.FileName);
        psi.ArgumentList.Insert(0, "--wait");
        psi.FileName = Setsid!;
    }

    /// <summary>Records the running group in the attempt's folder (pid and its start time, so a recycled pid is never mistaken for it).</summary>
    public static void Record(string attemptDirectory, Process process)
    {
        if (!Supported || StartTime(process.Id) is not { } start)
        {
            return;
        }
        Directory.CreateDirectory(attemptDirectory);
        File.WriteAllText(Path.Combine(attemptDirectory, RecordName), string.Create(CultureInfo.InvariantCulture, $"{process.Id} {start}"));
    }

    /// <summary>Forgets the record once the group is gone.</summary>
    public static void Forget(string attemptDirectory)
    {
        try
        {
            File.Delete(Path.Combine(attemptDirectory, RecordName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover record is harmless: its start time no longer matches any process.
        }
    }

    /// <summary>
    /// Stops groups recorded by earlier attempts of the same task instance (folders <c>attempt-N</c> next to this one) that
    /// still run; returns how many were stopped.
    /// </summary>
    public static int StopOrphans(string attemptDirectory)
    {
        if (!Supported || Path.GetDirectoryName(Path.GetFullPath(attemptDirectory)) is not { } taskDir || !Directory.Exists(taskDir))
        {
            return 0;
        }
        var stopped = 0;
        foreach (var record in Directory.EnumerateFiles(taskDir, RecordName, SearchOption.AllDirectories))
        {
            var parts = File.ReadAllText(record).Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) && StartTime(pid) == parts[1])
            {
                Kill(pid);
                stopped++;
            }
            Forget(Path.GetDirectoryName(record)!);
        }
        return stopped;
    }

    /// <summary>Ends every process of the group led by <paramref name="pid"/>: SIGTERM, then SIGKILL after a short grace.</summary>
    public static void Kill(int pid)
    {
        if (!Supported || !GroupAlive(pid))
        {
            return;
        }
        Signal(pid, SigTerm);
        for (var i = 0; i < 20 && GroupAlive(pid); i++)
        {
            Thread.Sleep(50);
        }
        if (GroupAlive(pid))
        {
            Signal(pid, SigKill);
        }
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>kill(2) with a negative id signals the whole group; a group that is gone is not an error worth reporting.</summary>
    private static void Signal(int pgid, int signal) => _ = NativeMethods.Kill(-pgid, signal);

    /// <summary>True while any process is in the group (signal 0 checks without signalling).</summary>
    private static bool GroupAlive(int pgid) => NativeMethods.Kill(-pgid, 0) == 0;

    private static string? StartTime(int pid) => Stat("/proc/" + pid.ToString(CultureInfo.InvariantCulture)) is { Length: > 21 } stat ? stat[21] : null;

    /// <summary>The fields of /proc/PID/stat after the command name (which may hold spaces): index 0 is the pid, 2 the state, 21 the start time.</summary>
    private static string[]? Stat(string procDir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(procDir, "stat"));
            var close = text.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }
            var rest = text[(close + 2)..].Split(' ');
            return [text[..text.IndexOf(' ', StringComparison.Ordinal)], "", .. rest];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static partial class NativeMethods
    {
        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static partial int Kill(int pid, int signal);
    }
}
