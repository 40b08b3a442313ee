namespace Sluice.Data.Csv;

/// <summary>
/// Writes a file so that it appears complete or not at all: the data goes to a temporary file in the same folder,
/// is flushed to disk, then renamed over the target. A failure deletes the temporary file and leaves the target as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; creates the folder if missing.</summary>
    /// <exception cref="DataException">An I/O error (transient).</exception>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var name = Path.GetFileName(full);
        RemoveOrphans(dir, name);
        var temp = Path.Combine(dir, $".{name}.{Host}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new DataException($"Cannot write '{path}': {ex.Message}", isTransient: true, ex);
            }

            throw;
        }
    }

    // Only letters and digits of the machine name, so it cannot break the temporary file's name apart.
    private static readonly string Host = new([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit)]);

    /// <summary>
    /// Deletes temporary files of <paramref name="name"/> left by processes of this machine that are gone (killed while
    /// writing): they would otherwise stay next to the target for ever. Writers still alive, and other machines' writers
    /// on a shared folder, are left alone.
    /// </summary>
    private static void RemoveOrphans(string dir, string name)
    {
        var prefix = $".{name}.{Host}.";
        foreach (var file in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var rest = Path.GetFileName(file);
            if (!rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pidText = rest.AsSpan(prefix.Length);
            var dot = pidText.IndexOf('.');
            if (dot > 0 && int.TryParse(pidText[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && Shared.LocalProcess.IsGone(pid))
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is hidden and never mistaken for the target.
        }
    }
}
