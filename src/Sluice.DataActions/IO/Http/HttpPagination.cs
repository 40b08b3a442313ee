using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.IO.Http;

/// <summary>
/// How an HTTP source walks its pages: <c>page</c> (a page-number parameter, until an empty or short page),
/// <c>offset</c> (an offset and a limit, until a short page), <c>cursor</c> (the next cursor read from each response,
/// until it is missing) or <c>link</c> (the <c>Link: &lt;…&gt;; rel="next"</c> header, until there is none).
/// </summary>
internal sealed record HttpPagination(string Style)
{
    public static readonly HttpPagination None = new("none");

    /// <summary>The query parameter of the page number, offset or cursor.</summary>
    public string Param { get; init; } = "";

    /// <summary>The first page number (page style).</summary>
    public long Start { get; init; } = 1;

    /// <summary>The query parameter of the page size or limit, if sent.</summary>
    public string? SizeParam { get; init; }

    /// <summary>The page size or limit; a shorter page is the last.</summary>
    public long? Size { get; init; }

    /// <summary>The dot path of the next cursor in a response (cursor style).</summary>
    public string Next { get; init; } = "next_cursor";

    private static readonly string[] Styles = ["page", "offset", "cursor", "link"];

    public static HttpPagination From(object? value, string where)
    {
        if (value is null)
        {
            return None;
        }

        var map = value as IReadOnlyDictionary<string, object?> ?? (value is string s ? new Dictionary<string, object?> { ["style"] = s } : null)
            ?? throw new SluiceException($"{where}'paginate' must be a style (page, offset, cursor, link) or a map with 'style'");
        var style = map.GetValueOrDefault("style") as string;
        if (style is null || !Styles.Contains(style))
        {
            throw new SluiceException($"{where}paginate.style must be one of {string.Join(", ", Styles)}, got {ExprValues.ToText(map.GetValueOrDefault("style"))}");
        }

        string? Text(string key) => map.GetValueOrDefault(key) switch
        {
            null => null,
            string t => t,
            var other => throw new SluiceException($"{where}paginate.{key} must be text, got {ExprValues.ToText(other)}"),
        };

        long? Number(string key) => map.GetValueOrDefault(key) switch
        {
            null => null,
            long n when n >= 0 => n,
            var other => throw new SluiceException($"{where}paginate.{key} must be a whole number, got {ExprValues.ToText(other)}"),
        };

        return style switch
        {
            "page" => new HttpPagination(style) { Param = Text("param") ?? "page", Start = Number("start") ?? 1, SizeParam = Text("size_param"), Size = Number("size") },
            "offset" => new HttpPagination(style) { Param = Text("param") ?? "offset", SizeParam = Text("limit_param") ?? "limit", Size = Number("limit") ?? 100 },
            "cursor" => new HttpPagination(style) { Param = Text("param") ?? "cursor", Next = Text("next") ?? "next_cursor", SizeParam = Text("size_param"), Size = Number("size") },
            _ => new HttpPagination(style),
        };
    }
}
