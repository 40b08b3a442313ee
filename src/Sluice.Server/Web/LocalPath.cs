namespace Sluice.Server.Web;

/// <summary>Where a redirect after sign-in may go: a path on this server, never another site.</summary>
internal static class LocalPath
{
    /// <summary>
    /// <paramref name="next"/> when it is a path starting with one <c>/</c> and holding no backslash or control
    /// character (browsers drop tabs and newlines, so <c>/\t/evil.example</c> would become <c>//evil.example</c>);
    /// otherwise <c>/</c>.
    /// </summary>
    public static string OrHome(string? next) => IsLocal(next) ? next! : "/";

    private static bool IsLocal(string? next)
    {
        if (string.IsNullOrEmpty(next) || next[0] != '/' || (next.Length > 1 && next[1] == '/'))
        {
            return false;
        }
        foreach (var c in next)
        {
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }
}
