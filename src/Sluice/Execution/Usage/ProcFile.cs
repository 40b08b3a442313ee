using Microsoft.Win32.SafeHandles;

namespace Sluice.Execution.Usage;

/// <summary>
/// A file of /proc kept open and read again from its start on each call (a read at offset 0 makes the kernel render it
/// anew). Opening, locking and closing it, with a stream and reader around it, cost several times the read itself, and
/// every attempt reads these files when it starts and when it ends.
/// </summary>
internal sealed class ProcFile(string path)
{
    private readonly Lazy<SafeFileHandle?> _handle = new(() => Open(path));

    /// <summary>Reads the file's current text into <paramref name="buffer"/>; returns the bytes read, or 0 where the file cannot be read.</summary>
    public int Read(Span<byte> buffer)
    {
        if (_handle.Value is not { } handle)
        {
            return 0;
        }
        try
        {
            return RandomAccess.Read(handle, buffer, 0);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The number after <paramref name="label"/> at the start of a line (<c>rchar: 123</c>), or 0.</summary>
    public static long Field(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label)
    {
        var at = text.IndexOf(label);
        // At the start of the text or of a line: "rchar:" must not match inside another label.
        while (at > 0 && text[at - 1] != (byte)'\n')
        {
            var next = text[(at + 1)..].IndexOf(label);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return at < 0 ? 0 : Number(text[(at + label.Length)..]);
    }

    /// <summary>The decimal number at the start of <paramref name="text"/>, after any spaces; 0 when there is none.</summary>
    public static long Number(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        long value = 0;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }
        return value;
    }

    private static SafeFileHandle? Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
