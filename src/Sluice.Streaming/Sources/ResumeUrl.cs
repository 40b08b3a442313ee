using System.Globalization;

namespace Sluice.Streaming.Sources;

/// <summary>Adds a source's resume query parameter (<c>from={offset}</c>) to its URL.</summary>
internal static class ResumeUrl
{
    public static string With(string url, string? template, long offset)
    {
        if (template is null)
        {
            return url;
        }

        var parameter = template.Replace("{offset}", offset.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var (head, tail) = fragment < 0 ? (url, "") : (url[..fragment], url[fragment..]);
        return head + (head.Contains('?', StringComparison.Ordinal) ? "&" : "?") + parameter + tail;
    }
}
