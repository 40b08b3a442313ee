using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Web;

/// <summary>The page chrome shared by every UI page.</summary>
internal static class Layout
{
    public static Html Begin(string title) => Begin(title, new Html());

    /// <summary>Starts a page in <paramref name="h"/> (for a page that sized its buffer).</summary>
    public static Html Begin(string title, Html h)
    {
        h.Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Text(title).Raw(" · Sluice</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body>")
            .Raw("<header class=\"top\"><a class=\"brand\" href=\"/\">Sluice</a><nav><a href=\"/\">Pipelines</a><a href=\"/runs\">Runs</a><a href=\"/metrics\">Metrics</a><a href=\"/openapi/v1.json\">API</a></nav></header><main>");
        return h;
    }

    public static IResult End(Html h, string? script = null, int? status = null)
    {
        h.Raw("</main><script src=\"/assets/console.js\" defer></script>");
        if (script is not null)
        {
            h.Raw("<script src=\"/assets/").Text(script).Raw("\" defer></script>");
        }
        h.Raw("</body></html>");
        return Results.Content(h.ToString(), "text/html; charset=utf-8", null, status);
    }

    public static string Time(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z" : "";

    public static string Duration(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now)
    {
        if (start is not { } s)
        {
            return "";
        }
        return Span((end ?? now) - s);
    }

    /// <summary>A duration for people: ms, s, min or h.</summary>
    public static string Span(TimeSpan d)
    {
        return d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms"
            : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.0} s"
            : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s"
            : $"{(int)d.TotalHours} h {d.Minutes} min";
    }

    /// <summary>A state badge; the class carries the colour.</summary>
    public static Html Badge(this Html h, string state) => h.Raw("<span class=\"badge st-").Text(state).Raw("\">").Text(state).Raw("</span>");
}
