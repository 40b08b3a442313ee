namespace Sluice.Tests.Distributed;

/// <summary>Shell commands that leave marker files, and a look at the processes still running them (Linux /proc).</summary>
internal static class ShellProbe
{
    /// <summary>
    /// A command that writes <c>started-NAME</c>, sleeps, then writes <c>done-NAME</c>; when <c>resume.flag</c> exists
    /// in <paramref name="dir"/> it only writes <c>resumed-NAME</c>. The sleep's argument carries <paramref name="token"/>.
    /// </summary>
    public static string Command(string dir, string name, string token) =>
        $"cd '{dir}' && if [ -f resume.flag ]; then touch resumed-{name}; else touch started-{name}; sleep {token}; touch done-{name}; fi";

    /// <summary>Processes whose command line contains <paramref name="token"/>.</summary>
    public static int Running(string token)
    {
        var n = 0;
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(token, StringComparison.Ordinal) && !cmdline.Contains("/bin/sh", StringComparison.Ordinal))
                {
                    n++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours.
            }
        }
        return n;
    }

    /// <summary>Waits (generously) until <paramref name="condition"/> holds; false when it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
